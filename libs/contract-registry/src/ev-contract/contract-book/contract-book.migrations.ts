import type { Migration } from '@roaming/event-store';

/**
 * The contract book: every EV contract as its events leave it, and which contract each token uid names within its
 * EVSP. Written in the same transaction as the events that change it (single contracts and batches alike), so that a
 * decision about thousands of contracts reads them set-wise instead of folding thousands of streams; derived from the
 * events and rebuilt from them when empty (ContractBook.rebuild).
 */
export const contractBookMigrations: Migration[] = [
  {
    id: 'registry/003-contract-book',
    sql: `
      CREATE SCHEMA IF NOT EXISTS registry;
      CREATE TABLE IF NOT EXISTS registry.contract_books (
        emsp_party_id text        PRIMARY KEY,
        last_xid      xid8        NOT NULL,
        updated_at    timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE IF NOT EXISTS registry.ev_contracts (
        emaid         text    PRIMARY KEY,
        emsp_party_id text    NOT NULL,
        record        jsonb   NOT NULL,
        registered_at text    NOT NULL,
        updated_at    text    NOT NULL,
        changes       integer NOT NULL
      );
      CREATE INDEX IF NOT EXISTS ev_contracts_emsp_idx ON registry.ev_contracts (emsp_party_id, emaid);
      CREATE TABLE IF NOT EXISTS registry.token_uid_claims (
        emsp_party_id text NOT NULL,
        uid           text NOT NULL,
        emaid         text NOT NULL,
        PRIMARY KEY (emsp_party_id, uid)
      );
    `,
  },
];
