import 'reflect-metadata';
import { bootstrapApp } from '@roaming/platform';
import { MarketplaceAdminAppModule } from './app.module';

void bootstrapApp(MarketplaceAdminAppModule, {
  title: 'Roaming clearing house: marketplace-admin',
  description: 'The marketplace-admin bounded context.',
});
