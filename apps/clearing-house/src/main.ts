import 'reflect-metadata';
import { bootstrapApp } from '@roaming/platform';
import { AppModule } from './app.module';

void bootstrapApp(AppModule, {
  title: 'Roaming clearing house',
  description:
    'The hub between e-mobility service providers (EVSPs) and EVSE operators (CPOs): partner and contract ' +
    'registry, authorization switch (IEC 63119-2 UC3-1), CDR forwarding (UC3-9). Every decision is an event in a ' +
    'hash-chained store.',
  // Bulk contract uploads (up to 5000 rows per request) need more than the default 1 MB.
  jsonBodyLimit: '8mb',
});
