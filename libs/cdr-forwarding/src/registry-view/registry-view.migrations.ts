import type { Migration } from '@roaming/event-store';

/** The context's own PostgreSQL schema: its read models and its copy of the registry live here, nowhere else. */
export const CDR_SCHEMA = 'cdr';

/**
 * cdr-forwarding's view of the contract registry, built from `contract-registry.events.v1` only (no context reads
 * another's tables). Each row remembers the `occurredAt` of the fact it holds, so messages of different streams
 * (or a redelivered old one) can arrive in any order and the newest fact still wins.
 */
export const registryViewMigrations: Migration[] = [
  {
    id: 'cdr-forwarding/001-registry-view',
    sql: `
      CREATE SCHEMA IF NOT EXISTS ${CDR_SCHEMA};
      CREATE TABLE ${CDR_SCHEMA}.registry_partners (
        partner_id  text        PRIMARY KEY,
        party_ids   text[]      NOT NULL DEFAULT '{}',
        roles       text[]      NOT NULL DEFAULT '{}',
        profile_at  timestamptz,
        status      text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'deactivated')),
        status_at   timestamptz,
        updated_at  timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX registry_partners_party_ids_idx ON ${CDR_SCHEMA}.registry_partners USING gin (party_ids);
      CREATE TABLE ${CDR_SCHEMA}.registry_agreements (
        agreement_id  text        PRIMARY KEY,
        cpo_party_id  text        NOT NULL,
        emsp_party_id text        NOT NULL,
        status        text        NOT NULL CHECK (status IN ('offered', 'active', 'suspended', 'terminated')),
        valid_from    timestamptz NOT NULL,
        valid_until   timestamptz,
        ever_active   boolean     NOT NULL DEFAULT false,
        status_at     timestamptz NOT NULL,
        updated_at    timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX registry_agreements_pair_idx ON ${CDR_SCHEMA}.registry_agreements (cpo_party_id, emsp_party_id);
      -- Revocation is final: remembered even when it arrives before the key's issue, so the key never comes alive.
      CREATE TABLE ${CDR_SCHEMA}.registry_revoked_keys (
        key_id     text        PRIMARY KEY,
        revoked_at timestamptz NOT NULL DEFAULT now()
      );
    `,
  },
  {
    // The EVSP's webhook (PartnerEndpointsChanged), where forwarded CDRs are pushed (GeM 984).
    id: 'cdr-forwarding/002-registry-partner-endpoints',
    sql: `
      ALTER TABLE ${CDR_SCHEMA}.registry_partners ADD COLUMN webhook_url text, ADD COLUMN endpoints_at timestamptz;
    `,
  },
];
