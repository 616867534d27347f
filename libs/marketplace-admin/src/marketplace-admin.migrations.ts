import type { Migration } from '@roaming/event-store';
import { MADMIN_SCHEMA } from './shared/marketplace-admin.schema';

/**
 * Schema `madmin`: this context's own views of the partners (from the registry's topic) and of the marketplace's
 * transactions (from the authorization and cdr-forwarding topics). Its copy of the credential directory comes with
 * PartnerDirectoryModule in the same schema.
 */
export const marketplaceAdminMigrations: readonly Migration[] = [
  {
    id: 'marketplace-admin/001-overview',
    sql: `
      CREATE SCHEMA IF NOT EXISTS ${MADMIN_SCHEMA};
      CREATE TABLE IF NOT EXISTS ${MADMIN_SCHEMA}.partners (
        partner_id        text        PRIMARY KEY,
        name              text        NOT NULL,
        roles             text[]      NOT NULL,
        party_ids         text[]      NOT NULL,
        status            text        NOT NULL DEFAULT 'active',
        registered_at     timestamptz NOT NULL,
        status_changed_at timestamptz,
        updated_at        timestamptz NOT NULL
      );
      CREATE INDEX IF NOT EXISTS partners_name_idx ON ${MADMIN_SCHEMA}.partners (lower(name), partner_id);
      CREATE TABLE IF NOT EXISTS ${MADMIN_SCHEMA}.partner_keys (
        key_id     text        PRIMARY KEY,
        partner_id text        NOT NULL,
        status     text        NOT NULL CHECK (status IN ('active', 'revoked')),
        changed_at timestamptz NOT NULL
      );
      CREATE INDEX IF NOT EXISTS partner_keys_partner_idx ON ${MADMIN_SCHEMA}.partner_keys (partner_id);
      CREATE TABLE IF NOT EXISTS ${MADMIN_SCHEMA}.transactions (
        transaction_id text        PRIMARY KEY,
        kind           text        NOT NULL CHECK (kind IN ('authorization', 'cdr')),
        reference      text        NOT NULL,
        status         text        NOT NULL,
        cpo_party_id   text        NOT NULL,
        emsp_party_id  text,
        evse_id        text,
        occurred_at    timestamptz NOT NULL,
        amount         numeric,
        currency       text,
        energy_wh      bigint,
        detail         text
      );
      CREATE INDEX IF NOT EXISTS transactions_cpo_idx ON ${MADMIN_SCHEMA}.transactions (cpo_party_id, occurred_at);
      CREATE INDEX IF NOT EXISTS transactions_emsp_idx ON ${MADMIN_SCHEMA}.transactions (emsp_party_id, occurred_at);
    `,
  },
];
