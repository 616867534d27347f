import type { Migration } from '@roaming/event-store';

/**
 * The authorization context's own copy of what the contract registry publishes (ARCHITECTURE.md §2: no context
 * reads another's tables). Rows carry the latest fact per partner, agreement and token; each registry message states
 * the whole current state of its entity, so an upsert is idempotent.
 */
export const registryViewMigrations: Migration[] = [
  {
    id: 'authz/001-registry-view',
    sql: `
      CREATE SCHEMA IF NOT EXISTS authz;

      CREATE TABLE authz.partners (
        partner_id text        PRIMARY KEY,
        party_ids  text[]      NOT NULL DEFAULT '{}',
        roles      text[]      NOT NULL DEFAULT '{}',
        status     text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'deactivated')),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX partners_party_ids_idx ON authz.partners USING gin (party_ids);

      CREATE TABLE authz.agreements (
        agreement_id  text        PRIMARY KEY,
        cpo_party_id  text        NOT NULL,
        emsp_party_id text        NOT NULL,
        status        text        NOT NULL CHECK (status IN ('offered', 'active', 'suspended', 'terminated')),
        valid_from    timestamptz NOT NULL,
        valid_until   timestamptz,
        updated_at    timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX agreements_parties_idx ON authz.agreements (cpo_party_id, emsp_party_id);

      CREATE TABLE authz.tokens (
        token_type    text        NOT NULL CHECK (token_type IN ('RFID', 'APP', 'PLUG_AND_CHARGE')),
        token_uid     text        NOT NULL,
        emaid         text        NOT NULL,
        emsp_party_id text        NOT NULL,
        status        text        NOT NULL CHECK (status IN ('active', 'blocked', 'expired', 'stolen', 'deactivated')),
        valid_until   timestamptz,
        updated_at    timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (token_type, token_uid)
      );
    `,
  },
  {
    // Local start in full (GeM 981/982, IEC 63119-2 UC4-1/UC4-2): the services a contract allows, its offline
    // whitelisting, the negotiated tariff and timeout policy of an agreement, the partners' endpoints; and a
    // lookup by contract id for tokens presented as an eMA id.
    id: 'authz/003-registry-view-terms-and-endpoints',
    sql: `
      ALTER TABLE authz.tokens
        ADD COLUMN allowed_services text[],
        ADD COLUMN allow_offline    boolean NOT NULL DEFAULT false;
      CREATE INDEX tokens_emaid_idx ON authz.tokens (emaid);

      ALTER TABLE authz.agreements
        ADD COLUMN tariff_id      text,
        ADD COLUMN timeout_policy text NOT NULL DEFAULT 'deny' CHECK (timeout_policy IN ('deny', 'allow-offline'));

      ALTER TABLE authz.partners
        ADD COLUMN authorization_url        text,
        ADD COLUMN contracts_at_hub         boolean NOT NULL DEFAULT true,
        ADD COLUMN authorization_timeout_ms integer,
        ADD COLUMN command_url              text;
    `,
  },
];
