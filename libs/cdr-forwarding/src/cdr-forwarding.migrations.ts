import type { Migration } from '@roaming/event-store';
import { credentialDirectoryMigrations } from '@roaming/platform';
import { forwardedCdrsMigrations } from './cdr/projections/forwarded-cdrs/forwarded-cdrs.migrations';
import { intakeViewsMigrations } from './integration/intake-views.migrations';
import { CDR_SCHEMA, registryViewMigrations } from './registry-view/registry-view.migrations';

/** Everything in schema `cdr`, in order: the registry view, the credential directory, the read models. */
export const cdrForwardingMigrations: readonly Migration[] = [
  ...registryViewMigrations,
  ...credentialDirectoryMigrations(CDR_SCHEMA),
  ...forwardedCdrsMigrations,
  ...intakeViewsMigrations,
];
