import { deadlineMigrations, type Migration } from '@roaming/event-store';

/**
 * Moments at which this context must act unless something happens first (a CPO's answer, a session's end): the
 * event store's deadline table in schema `authz`, rows derived from events by a checkpointed projection.
 * The first version of this context kept its own `authz.deadlines`; it is dropped before the shared helper's table
 * is made, and the projection (a new version) derives the rows again from the events.
 */
export const deadlinesMigrations: Migration[] = [
  { id: 'authz/006-deadlines-by-event-store-helper', sql: `DROP TABLE IF EXISTS authz.deadlines` },
  ...deadlineMigrations('authz'),
];
