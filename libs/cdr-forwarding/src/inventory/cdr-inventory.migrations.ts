import type { Migration } from '@roaming/event-store';
import { CDR_SCHEMA } from '../registry-view/registry-view.migrations';

/** `cdr.cdr_inventory`: one row per received record and what became of it (owned by the cdr.inventory projection). */
export const cdrInventoryMigrations: Migration[] = [
  {
    id: 'cdr-forwarding/inventory-001-cdr-inventory',
    sql: `
      CREATE TABLE ${CDR_SCHEMA}.cdr_inventory (
        cpo_party_id  text        NOT NULL,
        cdr_id        text        NOT NULL,
        emsp_party_id text,
        received_at   timestamptz NOT NULL,
        currency      text        NOT NULL,
        amount        numeric     NOT NULL,
        outcome       text        CHECK (outcome IN ('ACCEPTED', 'REJECTED')),
        delivered     boolean     NOT NULL DEFAULT false,
        acknowledged  boolean     NOT NULL DEFAULT false,
        disputed      boolean     NOT NULL DEFAULT false,
        PRIMARY KEY (cpo_party_id, cdr_id)
      );
      CREATE INDEX cdr_inventory_pair_idx ON ${CDR_SCHEMA}.cdr_inventory (cpo_party_id, emsp_party_id, received_at);
    `,
  },
];
