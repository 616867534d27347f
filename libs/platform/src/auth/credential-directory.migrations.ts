import type { Migration } from '@roaming/event-store';

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Schema names are spliced into SQL (identifiers cannot be parameters): allow plain lower-case names only. */
export function assertSchemaName(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) {
    throw new Error(`schema name ${JSON.stringify(schema)} must match ${SCHEMA_NAME.source}`);
  }
  return schema;
}

/**
 * The credential directory tables in `schema`. `partner_credentials.status` is the effective status of each key;
 * `partner_statuses` remembers a partner's suspension so that keys issued while it lasts start suspended.
 */
export function credentialDirectoryMigrations(schema: string): Migration[] {
  const s = assertSchemaName(schema);
  return [
    {
      id: `${s}/platform-001-partner-credentials`,
      sql: `
        CREATE SCHEMA IF NOT EXISTS ${s};
        CREATE TABLE ${s}.partner_credentials (
          key_hash   text        PRIMARY KEY CHECK (key_hash ~ '^[0-9a-f]{64}$'),
          key_id     text        NOT NULL UNIQUE,
          partner_id text        NOT NULL,
          party_ids  text[]      NOT NULL DEFAULT '{}',
          roles      text[]      NOT NULL DEFAULT '{}',
          status     text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'revoked', 'suspended')),
          updated_at timestamptz NOT NULL DEFAULT now()
        );
        CREATE INDEX partner_credentials_partner_idx ON ${s}.partner_credentials (partner_id);
        CREATE TABLE ${s}.partner_statuses (
          partner_id text        PRIMARY KEY,
          status     text        NOT NULL CHECK (status IN ('active', 'suspended')),
          updated_at timestamptz NOT NULL DEFAULT now()
        );
      `,
    },
    {
      // The public key that verifies the partner's signed Kafka messages (partner-signing-key.ts). Rows from events
      // that predate it stay NULL: those keys cannot sign Kafka messages.
      id: `${s}/platform-002-partner-credentials-signing-key`,
      sql: `
        ALTER TABLE ${s}.partner_credentials
          ADD COLUMN signing_public_key text CHECK (signing_public_key ~ '^[A-Za-z0-9_-]{43}$');
      `,
    },
    {
      // Revocations of keys this copy did not know yet (their issue message parked, or not seen yet): a key issued
      // afterwards, e.g. by an operator replaying the parked issue message, starts revoked instead of active.
      id: `${s}/platform-003-revoked-keys`,
      sql: `
        CREATE TABLE ${s}.revoked_keys (
          key_id     text        PRIMARY KEY,
          revoked_at timestamptz NOT NULL DEFAULT now()
        );
      `,
    },
  ];
}
