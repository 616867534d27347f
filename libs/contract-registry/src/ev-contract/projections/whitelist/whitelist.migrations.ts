import type { Migration } from '@roaming/event-store';

/**
 * The whitelists for offline identification (IEC 63119 UC4-2): the tokens of every EVSP, which EVSPs each CPO has an
 * active agreement with, and, per CPO, the tokens of those EVSPs with the store position (transaction id, global
 * position, index within the event) of their last change, so that a CPO can page through all of them or fetch only
 * what changed since a position it saw.
 */
export const whitelistMigrations: Migration[] = [
  {
    id: 'registry/004-whitelist',
    sql: `
      CREATE SCHEMA IF NOT EXISTS registry;
      CREATE TABLE IF NOT EXISTS registry.whitelist_tokens (
        emsp_party_id    text    NOT NULL,
        uid              text    NOT NULL,
        token_type       text    NOT NULL,
        emaid            text    NOT NULL,
        status           text    NOT NULL,
        valid_until      timestamptz,
        allowed_services jsonb,
        allow_offline    boolean NOT NULL,
        PRIMARY KEY (emsp_party_id, uid)
      );
      CREATE TABLE IF NOT EXISTS registry.whitelist_coverage (
        agreement_id  text PRIMARY KEY,
        cpo_party_id  text NOT NULL,
        emsp_party_id text NOT NULL
      );
      CREATE INDEX IF NOT EXISTS whitelist_coverage_pair_idx ON registry.whitelist_coverage (emsp_party_id, cpo_party_id);
      CREATE TABLE IF NOT EXISTS registry.cpo_whitelist (
        cpo_party_id     text    NOT NULL,
        emsp_party_id    text    NOT NULL,
        uid              text    NOT NULL,
        token_type       text    NOT NULL,
        emaid            text    NOT NULL,
        status           text    NOT NULL,
        valid_until      timestamptz,
        allowed_services jsonb,
        allow_offline    boolean NOT NULL,
        covered          boolean NOT NULL,
        tx               xid8    NOT NULL,
        gp               bigint  NOT NULL,
        idx              integer NOT NULL,
        PRIMARY KEY (cpo_party_id, emsp_party_id, uid)
      );
      CREATE INDEX IF NOT EXISTS cpo_whitelist_position_idx ON registry.cpo_whitelist (cpo_party_id, tx, gp, idx);
    `,
  },
];
