import type { Migration } from '@roaming/event-store';
import { credentialDirectoryMigrations } from '@roaming/platform';
import { REGISTRY_SCHEMA } from './partner/projections/credentials/credentials.projector';
import { agreementListMigrations } from './agreement/projections/agreement-list/agreement-list.migrations';
import { tariffListMigrations } from './tariff/projections/tariff-list/tariff-list.migrations';
import { contractBookMigrations } from './ev-contract/contract-book/contract-book.migrations';
import { whitelistMigrations } from './ev-contract/projections/whitelist/whitelist.migrations';
import { partnerListMigrations } from './partner/projections/partner-list/partner-list.migrations';

/** Everything the registry keeps besides its events, in the `registry` schema. */
export const contractRegistryMigrations: readonly Migration[] = [
  ...credentialDirectoryMigrations(REGISTRY_SCHEMA),
  ...partnerListMigrations,
  ...contractBookMigrations,
  ...whitelistMigrations,
  ...agreementListMigrations,
  ...tariffListMigrations,
];
