import { deadlineMigrations, type Migration } from '@roaming/event-store';
import { ENERGY_SCHEMA } from './energy.schema';
import { gridRequestsMigrations } from './grid-request/projections/grid-requests.migrations';
import { viewsMigrations } from './views/views.migrations';

/** Everything in schema `energy`, in order. */
export const energyMigrations: readonly Migration[] = [
  ...viewsMigrations,
  ...gridRequestsMigrations,
  ...deadlineMigrations(ENERGY_SCHEMA),
];
