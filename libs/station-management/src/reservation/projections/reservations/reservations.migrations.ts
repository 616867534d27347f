import type { Migration } from '@roaming/event-store';

/**
 * Owned by the reservations projector: where each reservation stands, so that a session at an EVSE finds the
 * accepted reservation it uses, and the history can count reservations per EVSE.
 */
export const reservationsMigrations: Migration[] = [
  {
    id: 'station/005-reservations',
    sql: `
      CREATE TABLE station.reservations (
        reservation_id       text        PRIMARY KEY,
        evse_id              text        NOT NULL,
        cpo_party_id         text        NOT NULL,
        emsp_party_id        text        NOT NULL,
        emaid                text,
        status               text        NOT NULL,
        requested_at         timestamptz NOT NULL,
        reserve_until        timestamptz NOT NULL,
        fee                  jsonb,
        last_global_position bigint      NOT NULL
      );
      CREATE INDEX reservations_evse_idx ON station.reservations (evse_id, status);
    `,
  },
];
