import 'reflect-metadata';
import { bootstrapApp } from '@roaming/platform';
import { AppModule } from './app.module';

void bootstrapApp(AppModule, {
  title: 'CDR forwarding',
  description:
    'CPOs send the charge detail records of finished roaming sessions (REST or Kafka b2b.cdrs.inbound.v1); the ' +
    'clearing house validates them and forwards each to the EVSP that issued the contract, which receives it on ' +
    'its Kafka topic or fetches it with GET /v1/cdrs (IEC 63119-2 UC3-9, eMI3 UC 200, GeM 984/1452).',
});
