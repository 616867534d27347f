import 'reflect-metadata';
import { bootstrapApp } from '@roaming/platform';
import { SettlementAppModule } from './app.module';

void bootstrapApp(SettlementAppModule, {
  title: 'Roaming clearing house: settlement',
  description: 'The settlement bounded context.',
});
