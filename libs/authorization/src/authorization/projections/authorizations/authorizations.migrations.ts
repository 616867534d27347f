import type { Migration } from '@roaming/event-store';

/** One row per decided authorization, owned by the authorizations projector; nothing else writes it. */
export const authorizationsReadModelMigrations: Migration[] = [
  {
    id: 'authz/002-authorizations-read-model',
    sql: `
      CREATE SCHEMA IF NOT EXISTS authz;
      CREATE TABLE authz.authorizations (
        authorization_id text        PRIMARY KEY,
        status           text        NOT NULL CHECK (status IN ('ACCEPTED', 'DENIED')),
        reason           text,
        evse_id          text        NOT NULL,
        cpo_party_id     text        NOT NULL,
        token_uid        text        NOT NULL,
        token_type       text        NOT NULL,
        emaid            text,
        emsp_party_id    text,
        agreement_id     text,
        requested_by     text,
        requested_at     timestamptz NOT NULL,
        decided_at       timestamptz NOT NULL,
        global_position  bigint      NOT NULL
      );
      CREATE INDEX authorizations_cpo_idx ON authz.authorizations (cpo_party_id, requested_at);
      CREATE INDEX authorizations_emsp_idx ON authz.authorizations (emsp_party_id, requested_at);
    `,
  },
  {
    // Rows written before these columns existed describe hub decisions of local starts for basic charging.
    id: 'authz/004-authorizations-terms',
    sql: `
      ALTER TABLE authz.authorizations
        ADD COLUMN allowed_services text[],
        ADD COLUMN tariff_id        text,
        ADD COLUMN decided_by       text NOT NULL DEFAULT 'hub',
        ADD COLUMN method           text NOT NULL DEFAULT 'LOCAL';
    `,
  },
];

/** Version 1 of the authorizations projection: the table the migrations above created and altered. */
export const AUTHORIZATIONS_TABLE = 'authz.authorizations';

/**
 * The same table, empty, under another name: what a rebuild of the projection writes into (a new version). Keep it
 * in step with the migrations above: a test compares both shapes.
 */
export function authorizationsTableDdl(table: string): string {
  const name = table.slice(table.indexOf('.') + 1);
  return `
    CREATE SCHEMA IF NOT EXISTS authz;
    CREATE TABLE IF NOT EXISTS ${table} (
      authorization_id text        PRIMARY KEY,
      status           text        NOT NULL CHECK (status IN ('ACCEPTED', 'DENIED')),
      reason           text,
      evse_id          text        NOT NULL,
      cpo_party_id     text        NOT NULL,
      token_uid        text        NOT NULL,
      token_type       text        NOT NULL,
      emaid            text,
      emsp_party_id    text,
      agreement_id     text,
      requested_by     text,
      requested_at     timestamptz NOT NULL,
      decided_at       timestamptz NOT NULL,
      global_position  bigint      NOT NULL,
      allowed_services text[],
      tariff_id        text,
      decided_by       text        NOT NULL DEFAULT 'hub',
      method           text        NOT NULL DEFAULT 'LOCAL'
    );
    CREATE INDEX IF NOT EXISTS ${name}_cpo_idx ON ${table} (cpo_party_id, requested_at);
    CREATE INDEX IF NOT EXISTS ${name}_emsp_idx ON ${table} (emsp_party_id, requested_at);`;
}
