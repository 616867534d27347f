import 'reflect-metadata';
import { bootstrapApp } from '@roaming/platform';
import { AppModule } from './app.module';

void bootstrapApp(AppModule, {
  title: 'Station management',
  description:
    'Sites, EVSEs and connectors (IEC 63119-2 UC1-2), dynamic EVSE status (UC1-3), maintenance and outage notices ' +
    '(UC5-1), reservations (UC3-8), remote commands and emergency cable unlock (UC5-2, UC5-3), EVSE history (GeM 1599).',
});
