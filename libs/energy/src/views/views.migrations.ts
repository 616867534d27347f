import type { Migration } from '@roaming/event-store';

/**
 * This context's own copies of what others publish (ARCHITECTURE.md §2): the EVSE catalogue from
 * `station-management.events.v1` (maximum power, operator, load area) and the open charging sessions' load per area.
 */
export const viewsMigrations: Migration[] = [
  {
    id: 'energy/001-views',
    sql: `
      CREATE SCHEMA IF NOT EXISTS energy;
      CREATE TABLE energy.evses (
        evse_id           text        PRIMARY KEY,
        cpo_party_id      text        NOT NULL,
        operator_party_id text        NOT NULL,
        site_id           text        NOT NULL,
        max_power_w       integer     NOT NULL,
        load_area_id      text,
        status            text        NOT NULL,
        fact_at           timestamptz NOT NULL
      );
      CREATE INDEX evses_load_area_idx ON energy.evses (load_area_id);
      -- The current plan of each session, kept in the transaction that publishes it (an inline projection): the
      -- envelope check of the next plan in the area must see it, whatever the asynchronous projections lag.
      CREATE TABLE energy.area_plans (
        session_id   text  PRIMARY KEY,
        load_area_id text  NOT NULL,
        evse_id      text  NOT NULL,
        periods      jsonb NOT NULL
      );
      CREATE INDEX area_plans_area_idx ON energy.area_plans (load_area_id);
    `,
  },
];
