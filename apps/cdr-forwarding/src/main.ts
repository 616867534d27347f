import 'reflect-metadata';
import { bootstrapApp } from '@roaming/platform';
import { AppModule } from './app.module';

void bootstrapApp(AppModule, {
  title: 'CDR forwarding',
  description:
    'CPOs send the charge detail records of finished roaming sessions (REST or Kafka b2b.cdrs.inbound.v1); the ' +
    'clearing house validates them and forwards each to the EVSP that issued the contract, which receives it on ' +
    'its Kafka topic, on its webhook (signed, retried; keys at GET /v1/hub/signing-keys) or fetches it with ' +
    'GET /v1/cdrs, and acknowledges it. Both parties reconcile each record (approve, dispute, reject, revise) and ' +
    'read their inventory per partner pair (IEC 63119-2 UC3-9 and 6.4.2, eMI3 UC 200, GeM 984/1452).',
});
