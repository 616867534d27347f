import type { Migration } from '@roaming/event-store';

/**
 * The operator's partner list (GeM UC 1373: search business partners by role and status) and the party-id index.
 * `seq` is the global position of the PartnerRegistered event: a stable order for cursor pagination.
 */
export const partnerListMigrations: Migration[] = [
  {
    id: 'registry/001-partner-list',
    sql: `
      CREATE SCHEMA IF NOT EXISTS registry;
      CREATE TABLE IF NOT EXISTS registry.partners (
        partner_id               text        PRIMARY KEY,
        seq                      bigint      NOT NULL UNIQUE,
        name                     text        NOT NULL,
        roles                    text[]      NOT NULL,
        party_ids                text[]      NOT NULL,
        status                   text        NOT NULL CHECK (status IN ('active', 'suspended')),
        partner_contract_version text        NOT NULL,
        registered_at            timestamptz NOT NULL,
        updated_at               timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE IF NOT EXISTS registry.partner_parties (
        party_id   text PRIMARY KEY,
        partner_id text NOT NULL REFERENCES registry.partners (partner_id)
      );
    `,
  },
  {
    // GeM UC 1380: a partner can also be deactivated.
    id: 'registry/002-partner-deactivated',
    sql: `
      ALTER TABLE registry.partners DROP CONSTRAINT IF EXISTS partners_status_check;
      ALTER TABLE registry.partners
        ADD CONSTRAINT partners_status_check CHECK (status IN ('active', 'suspended', 'deactivated'));
    `,
  },
];
