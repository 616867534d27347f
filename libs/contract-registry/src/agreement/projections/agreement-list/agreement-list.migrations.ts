import type { Migration } from '@roaming/event-store';

/**
 * The agreements, as lists need them: by party and status (GET /v1/agreements), and with the tariff they name (which
 * tariffs apply to an EVSP). `seq` is the global position of the offer: a stable order for cursor pagination.
 */
export const agreementListMigrations: Migration[] = [
  {
    id: 'registry/005-agreement-list',
    sql: `
      CREATE TABLE IF NOT EXISTS registry.agreements (
        agreement_id    text        PRIMARY KEY,
        seq             bigint      NOT NULL UNIQUE,
        cpo_party_id    text        NOT NULL,
        emsp_party_id   text        NOT NULL,
        status          text        NOT NULL,
        valid_from      text        NOT NULL,
        valid_until     text,
        tariff_id       text,
        pending_request jsonb,
        updated_at      text        NOT NULL
      );
      CREATE INDEX IF NOT EXISTS agreements_cpo_idx ON registry.agreements (cpo_party_id, seq);
      CREATE INDEX IF NOT EXISTS agreements_emsp_idx ON registry.agreements (emsp_party_id, seq);
    `,
  },
  {
    // What the hub does when the EVSP's real-time authorization times out, a term of the agreement.
    id: 'registry/007-agreement-timeout-policy',
    sql: `ALTER TABLE registry.agreements ADD COLUMN IF NOT EXISTS timeout_policy text NOT NULL DEFAULT 'deny';`,
  },
];
