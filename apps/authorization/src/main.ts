import 'reflect-metadata';
import { bootstrapApp } from '@roaming/platform';
import { AppModule } from './app.module';

void bootstrapApp(AppModule, {
  title: 'Authorization',
  description:
    "The clearing house's transaction switch (IEC 63119-2 §6.4.1): CPOs ask whether a token, a contract id or a " +
    'Plug & Charge certificate may charge at their EVSE (UC3-1, UC3-3, UC4-1; GeM 981/982), answered from the ' +
    "hub's own view of the registry or by the home EVSP in real time; EVSPs start and stop sessions remotely " +
    '(UC3-2, UC3-4); CPOs report charging sessions (UC3-5, UC4-2). REST here, and Kafka on ' +
    'b2b.authorization-requests.inbound.v1 with answers on b2b.<party>.outbound.v1.',
});
