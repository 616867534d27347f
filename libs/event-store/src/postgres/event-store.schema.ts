import type { Migration } from '../sql/migrations';

/**
 * The event store tables (house-style "PostgreSQL event store schema"), plus the audit hash chain: each event keeps
 * its hash and each stream row keeps the last one, read under the same row lock that orders appends.
 */
export const eventStoreMigrations: readonly Migration[] = [
  {
    id: 'event-store/001-events',
    sql: `
CREATE SCHEMA IF NOT EXISTS es;

CREATE TABLE IF NOT EXISTS es.streams (
  stream_name     text        PRIMARY KEY,
  category        text        NOT NULL,
  stream_position bigint      NOT NULL,
  last_hash       text        NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS es.events (
  global_position bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  transaction_id  xid8        NOT NULL DEFAULT pg_current_xact_id(),
  stream_name     text        NOT NULL,
  category        text        GENERATED ALWAYS AS (split_part(stream_name, '-', 1)) STORED,
  cardinal_id     text        GENERATED ALWAYS AS
                    (split_part(substr(stream_name, strpos(stream_name, '-') + 1), '+', 1)) STORED,
  stream_position bigint      NOT NULL,
  message_id      uuid        NOT NULL,
  type            text        NOT NULL,
  schema_version  smallint    NOT NULL DEFAULT 1,
  data            jsonb       NOT NULL,
  metadata        jsonb       NOT NULL DEFAULT '{}'::jsonb,
  recorded_at     timestamptz NOT NULL,
  hash            text        NOT NULL,
  CONSTRAINT events_stream_position_uq UNIQUE (stream_name, stream_position),
  CONSTRAINT events_message_id_uq      UNIQUE (message_id)
);
CREATE INDEX IF NOT EXISTS events_category_read_idx ON es.events (category, transaction_id, global_position);
CREATE INDEX IF NOT EXISTS events_all_read_idx      ON es.events (transaction_id, global_position);
CREATE INDEX IF NOT EXISTS events_correlation_idx   ON es.events ((metadata->>'correlationId'));

CREATE TABLE IF NOT EXISTS es.checkpoints (
  processor_id    text        PRIMARY KEY,
  transaction_id  xid8        NOT NULL DEFAULT '0'::xid8,
  global_position bigint      NOT NULL DEFAULT 0,
  updated_at      timestamptz NOT NULL DEFAULT now()
);
`,
  },
];
