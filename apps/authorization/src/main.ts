import 'reflect-metadata';
import { bootstrapApp } from '@roaming/platform';
import { AppModule } from './app.module';

void bootstrapApp(AppModule, {
  title: 'Authorization',
  description:
    "The clearing house's transaction switch: CPOs ask whether a token may charge at their EVSE " +
    '(IEC 63119-2 UC3-1, UC4-1; eMI3 UCE AA); the hub answers from its registry view and publishes the decision.',
});
