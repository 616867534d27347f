import type { Migration } from '@roaming/event-store';

/**
 * Owned by the sites projector. `sites` holds each site's current document and the change sequence it was last
 * written at (deltas are "change_seq after the cursor"); `evses` is the EVSE catalogue the other use cases look
 * EVSEs up in (status reports, reservations, commands, history per load area).
 */
export const sitesMigrations: Migration[] = [
  {
    id: 'station/002-sites',
    sql: `
      CREATE SEQUENCE station.site_change_seq;
      CREATE TABLE station.sites (
        cpo_party_id         text        NOT NULL,
        site_id              text        NOT NULL,
        status               text        NOT NULL CHECK (status IN ('PUBLISHED', 'WITHDRAWN')),
        document             jsonb       NOT NULL,
        valid_until          timestamptz,
        change_seq           bigint      NOT NULL,
        last_global_position bigint      NOT NULL,
        PRIMARY KEY (cpo_party_id, site_id)
      );
      CREATE UNIQUE INDEX sites_change_seq_idx ON station.sites (change_seq);
      CREATE TABLE station.evses (
        evse_id              text        PRIMARY KEY,
        operator_party_id    text        NOT NULL,
        cpo_party_id         text        NOT NULL,
        site_id              text        NOT NULL,
        status               text        NOT NULL CHECK (status IN ('PUBLISHED', 'WITHDRAWN')),
        max_power_w          integer     NOT NULL,
        reservation_allowed  boolean     NOT NULL,
        connector_ids        text[]      NOT NULL,
        load_area_id         text,
        valid_from           timestamptz,
        valid_until          timestamptz,
        last_global_position bigint      NOT NULL
      );
      CREATE INDEX evses_site_idx ON station.evses (cpo_party_id, site_id);
      CREATE INDEX evses_load_area_idx ON station.evses (load_area_id);
    `,
  },
];
