import type { Migration } from '../sql/migrations';

/** The unique constraint that makes a message id stored once across all streams. */
export const ESDB_MESSAGE_ID_CONSTRAINT = 'esdb_message_ids_pk';

/**
 * The PostgreSQL side of the EventStoreDB adapter. Checkpoints stay in PostgreSQL beside the read models, so a
 * projection's write and its checkpoint commit together; `es.checkpoints` has the same shape as the PostgreSQL
 * adapter's (both create it only if missing). `es.esdb_message_ids` indexes every message id appended to ESDB,
 * because ESDB itself only recognises a repeated event id within one stream and a short idempotency window.
 */
export const eventStoreDbMigrations: readonly Migration[] = [
  {
    id: 'event-store/esdb-001-checkpoints-message-ids',
    sql: `
CREATE SCHEMA IF NOT EXISTS es;

CREATE TABLE IF NOT EXISTS es.checkpoints (
  processor_id    text        PRIMARY KEY,
  transaction_id  xid8        NOT NULL DEFAULT '0'::xid8,
  global_position bigint      NOT NULL DEFAULT 0,
  updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS es.esdb_message_ids (
  message_id      uuid        NOT NULL,
  stream_name     text        NOT NULL,
  stream_position bigint      NOT NULL,
  indexed_at      timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT ${ESDB_MESSAGE_ID_CONSTRAINT} PRIMARY KEY (message_id)
);
`,
  },
];
