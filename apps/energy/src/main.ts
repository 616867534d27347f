import 'reflect-metadata';
import { bootstrapApp } from '@roaming/platform';
import { AppModule } from './app.module';

void bootstrapApp(AppModule, {
  title: 'Energy',
  description:
    'Charge plans (IEC 63119-2 UC3-7, UC3-10), dynamic charging information with signed meter values (UC3-6, ISO ' +
    '15118 F1), grid operators’ curtailment and flexibility requests per load area (GeM 972, 961, 1572; IEC 63110 E5).',
});
