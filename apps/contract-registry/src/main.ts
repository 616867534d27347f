import 'reflect-metadata';
import { bootstrapApp } from '@roaming/platform';
import { AppModule } from './app.module';

void bootstrapApp(AppModule, {
  title: 'Contract registry',
  description:
    'The marketplace operator onboards partners (CPOs, EVSPs) and issues their API keys; CPOs offer roaming ' +
    'agreements that EVSPs accept; EVSPs register their customer contracts (EMAID) and tokens. Every change is ' +
    'published on contract-registry.events.v1 (GeM 1291/1374/1380/1497/1514, IEC 63119-2 UC4-2, eMI3 AA).',
  // A contract batch holds up to 5000 whole contract records.
  jsonBodyLimit: '8mb',
});
