import { deadlineMigrations, type Migration } from '@roaming/event-store';
import { credentialDirectoryMigrations } from '@roaming/platform';
import { registryViewMigrations, STATION_SCHEMA } from './registry-view/registry-view.migrations';
import { latestStatusMigrations } from './evse-status/projections/latest-status/latest-status.migrations';
import { outagesMigrations } from './outage/projections/outages/outages.migrations';
import { reservationsMigrations } from './reservation/projections/reservations/reservations.migrations';
import { evseHistoryMigrations } from './evse-history/projections/evse-history.migrations';
import { sitesMigrations } from './site/projections/sites/sites.migrations';

/** Everything in schema `station`, in order. */
export const stationManagementMigrations: readonly Migration[] = [
  ...registryViewMigrations,
  ...credentialDirectoryMigrations(STATION_SCHEMA),
  ...sitesMigrations,
  ...latestStatusMigrations,
  ...outagesMigrations,
  ...reservationsMigrations,
  ...deadlineMigrations(STATION_SCHEMA),
  ...evseHistoryMigrations,
];
