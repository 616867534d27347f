import type { Migration } from '@roaming/event-store';

/** Owned by the outages projector: each notice as it stands, with the change sequence deltas page by. */
export const outagesMigrations: Migration[] = [
  {
    id: 'station/004-outages',
    sql: `
      CREATE SEQUENCE station.outage_change_seq;
      CREATE TABLE station.outages (
        cpo_party_id         text        NOT NULL,
        notice_id            text        NOT NULL,
        kind                 text        NOT NULL CHECK (kind IN ('PLANNED', 'UNPLANNED')),
        site_id              text,
        evse_ids             text[]      NOT NULL,
        starts_at            timestamptz NOT NULL,
        ends_at              timestamptz,
        status               text        NOT NULL CHECK (status IN ('OPEN', 'ENDED', 'CANCELLED')),
        description          text,
        issued_at            timestamptz NOT NULL,
        change_seq           bigint      NOT NULL,
        last_global_position bigint      NOT NULL,
        PRIMARY KEY (cpo_party_id, notice_id)
      );
      CREATE INDEX outages_site_idx ON station.outages (cpo_party_id, site_id);
      CREATE INDEX outages_evses_idx ON station.outages USING gin (evse_ids);
      CREATE UNIQUE INDEX outages_change_seq_idx ON station.outages (change_seq);
    `,
  },
];
