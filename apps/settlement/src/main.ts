import 'reflect-metadata';
import { bootstrapApp } from '@roaming/platform';
import { SettlementAppModule } from './app.module';

void bootstrapApp(SettlementAppModule, {
  title: 'Roaming clearing house: settlement',
  description:
    'Settlement (IEC 63119 6.4.3): rating of accepted records, statements per agreement and period, fees, netting, invoices.',
});
