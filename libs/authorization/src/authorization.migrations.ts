import type { Migration } from '@roaming/event-store';
import { credentialDirectoryMigrations } from '@roaming/platform';
import { authorizationsReadModelMigrations } from './authorization/projections/authorizations/authorizations.migrations';
import { AUTHZ_SCHEMA } from './integration/registry-view/registry-view.repository';
import { registryViewMigrations } from './integration/registry-view/registry-view.migrations';
import { deadlinesMigrations } from './process-managers/deadlines.migrations';

/**
 * Everything in schema `authz`: the registry view, this context's credential directory, the read models and the
 * process manager's deadlines.
 */
export const authorizationMigrations: readonly Migration[] = [
  ...registryViewMigrations,
  ...credentialDirectoryMigrations(AUTHZ_SCHEMA),
  ...authorizationsReadModelMigrations,
  ...deadlinesMigrations,
];
