import 'reflect-metadata';
import { bootstrapApp } from '@roaming/platform';
import { AppModule } from './app.module';

void bootstrapApp(AppModule, {
  title: 'Contract registry',
  description:
    'The marketplace operator onboards partners (CPOs, EVSPs), their endpoints and API keys; CPOs offer roaming ' +
    'agreements that EVSPs accept, change, suspend, prolong and terminate in two steps; EVSPs register their ' +
    'customer contracts (EMAID) and tokens one by one, in batches of up to 5000, or on Kafka ' +
    'b2b.contracts.inbound.v1; CPOs publish versioned tariffs and fetch the whitelist of tokens valid at their ' +
    'EVSEs. Every change is published on contract-registry.events.v1 (GeM 931/983/1291/1374/1380/1469/1497/1514, ' +
    'IEC 63119-2 UC2-1/UC2-2/UC4-1/UC4-2, eMI3 AA).',
  // A contract batch holds up to 5000 whole contract records.
  jsonBodyLimit: '8mb',
});
