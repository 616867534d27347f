import 'reflect-metadata';
import { bootstrapApp } from '@roaming/platform';
import { MarketplaceAdminAppModule } from './app.module';

void bootstrapApp(MarketplaceAdminAppModule, {
  title: 'Roaming clearing house: marketplace operator',
  description:
    'The marketplace operator’s cross-partner views: partner search by role and active flag (GeM 1373) and the ' +
    'transaction overview per partner with CSV export (GeM 927/1242); operations (dead letters, processors, ' +
    'projection rebuilds) and auditors’ doors (history, state as of, verification, signed anchors, exports).',
});
