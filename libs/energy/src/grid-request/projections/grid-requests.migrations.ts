import type { Migration } from '@roaming/event-store';

/** Owned by the grid-requests projector: each request, and each addressed CPO's answer. */
export const gridRequestsMigrations: Migration[] = [
  {
    id: 'energy/002-grid-requests',
    sql: `
      CREATE TABLE energy.grid_requests (
        request_id   text        PRIMARY KEY,
        dso_party_id text        NOT NULL,
        load_area_id text        NOT NULL,
        kind         text        NOT NULL,
        priority     text        NOT NULL,
        starts_at    timestamptz NOT NULL,
        ends_at      timestamptz NOT NULL,
        limit_w      bigint,
        reduction_w  bigint,
        status       text        NOT NULL CHECK (status IN ('OPEN', 'CANCELLED')),
        issued_at    timestamptz NOT NULL,
        respond_by   timestamptz NOT NULL
      );
      CREATE INDEX grid_requests_area_idx ON energy.grid_requests (load_area_id, ends_at);
      CREATE TABLE energy.grid_request_targets (
        request_id        text        NOT NULL,
        cpo_party_id      text        NOT NULL,
        evse_ids          text[]      NOT NULL,
        answer            text        NOT NULL DEFAULT 'PENDING'
                                      CHECK (answer IN ('PENDING', 'ACKNOWLEDGED', 'DECLINED', 'MISSING')),
        answered_at       timestamptz,
        achieved_power_w  bigint,
        PRIMARY KEY (request_id, cpo_party_id)
      );
    `,
  },
];
