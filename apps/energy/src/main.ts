import 'reflect-metadata';
import { bootstrapApp } from '@roaming/platform';
import { EnergyAppModule } from './app.module';

void bootstrapApp(EnergyAppModule, {
  title: 'Roaming clearing house: energy',
  description: 'The energy bounded context.',
});
