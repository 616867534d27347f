import 'reflect-metadata';
import { bootstrapApp } from '@roaming/platform';
import { StationManagementAppModule } from './app.module';

void bootstrapApp(StationManagementAppModule, {
  title: 'Roaming clearing house: station-management',
  description: 'The station-management bounded context.',
});
