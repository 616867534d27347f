import type { Migration } from '@roaming/event-store';

/** The schema of every table of this context: its registry view, read models, deadlines and credentials. */
export const STATION_SCHEMA = 'station';

/**
 * This context's own copy of what the contract registry publishes (ARCHITECTURE.md §2). Each row keeps the instant
 * of the fact it holds (`*_at`), so an older message arriving late never overwrites a newer one.
 */
export const registryViewMigrations: Migration[] = [
  {
    id: 'station/001-registry-view',
    sql: `
      CREATE SCHEMA IF NOT EXISTS station;
      CREATE TABLE station.registry_partners (
        partner_id text        PRIMARY KEY,
        party_ids  text[]      NOT NULL DEFAULT '{}',
        roles      text[]      NOT NULL DEFAULT '{}',
        status     text        NOT NULL DEFAULT 'active',
        profile_at timestamptz,
        status_at  timestamptz
      );
      CREATE INDEX registry_partners_party_ids_idx ON station.registry_partners USING gin (party_ids);
      CREATE TABLE station.registry_agreements (
        agreement_id  text        PRIMARY KEY,
        cpo_party_id  text        NOT NULL,
        emsp_party_id text        NOT NULL,
        status        text        NOT NULL,
        valid_from    timestamptz NOT NULL,
        valid_until   timestamptz,
        fact_at       timestamptz NOT NULL
      );
      CREATE INDEX registry_agreements_cpo_idx ON station.registry_agreements (cpo_party_id, emsp_party_id);
      CREATE INDEX registry_agreements_emsp_idx ON station.registry_agreements (emsp_party_id);
      CREATE TABLE station.registry_tokens (
        token_type    text        NOT NULL,
        token_uid     text        NOT NULL,
        emaid         text        NOT NULL,
        emsp_party_id text        NOT NULL,
        status        text        NOT NULL,
        valid_until   timestamptz,
        fact_at       timestamptz NOT NULL,
        PRIMARY KEY (token_type, token_uid)
      );
      CREATE TABLE station.registry_revoked_keys (key_id text PRIMARY KEY);
    `,
  },
];
