import type { Migration } from '@roaming/event-store';

/**
 * The EVSE history (GeM 967/1599): what happened at each EVSE, to be summed per EVSE or per load area.
 * `evse_status_intervals` is written by the latest-status projector (the status each EVSE was in, from when to when);
 * `evse_activity` by the consumers of the authorization and CDR topics (sessions, energy, failed authorizations),
 * one row per fact under the fact's own id, so a redelivered message adds nothing.
 */
export const evseHistoryMigrations: Migration[] = [
  {
    id: 'station/006-evse-history',
    sql: `
      CREATE TABLE station.evse_status_intervals (
        evse_id    text        NOT NULL,
        status     text        NOT NULL,
        started_at timestamptz NOT NULL,
        ended_at   timestamptz,
        PRIMARY KEY (evse_id, started_at)
      );
      CREATE INDEX evse_status_intervals_open_idx ON station.evse_status_intervals (evse_id) WHERE ended_at IS NULL;
      CREATE TABLE station.evse_activity (
        activity_id   text        PRIMARY KEY,
        evse_id       text        NOT NULL,
        kind          text        NOT NULL CHECK (kind IN ('AUTHORIZED', 'AUTHORIZATION_FAILED', 'SESSION_STARTED',
                                                           'SESSION_ENDED', 'CDR')),
        emsp_party_id text,
        occurred_at   timestamptz NOT NULL,
        energy_wh     bigint,
        reason        text
      );
      CREATE INDEX evse_activity_evse_idx ON station.evse_activity (evse_id, occurred_at);
    `,
  },
];
