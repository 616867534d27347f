import type { Migration } from '@roaming/event-store';

/**
 * The newest status per EVSE, owned by the latest-status projector. `projected_at` is the database clock when the
 * row was written: observability of the view's lag (projected_at − observed_at), not business time. `change_seq`
 * orders the rows by when the projector last changed them (one projector, batches committed in order, so a reader
 * paging by it misses nothing): the status push follows it instead of reading every report again.
 */
export const latestStatusMigrations: Migration[] = [
  {
    id: 'station/003-evse-status-latest',
    sql: `
      CREATE TABLE station.evse_status (
        evse_id              text        PRIMARY KEY,
        status               text        NOT NULL,
        observed_at          timestamptz NOT NULL,
        received_at          timestamptz NOT NULL,
        last_global_position bigint      NOT NULL,
        projected_at         timestamptz NOT NULL,
        change_seq           bigint      NOT NULL
      );
      CREATE SEQUENCE station.evse_status_change_seq;
      CREATE INDEX evse_status_change_seq_idx ON station.evse_status (change_seq);
    `,
  },
];
