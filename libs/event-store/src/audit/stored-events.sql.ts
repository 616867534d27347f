import type { EventMetadata, RecordedEvent } from '../event-store.port';

/** An event row as stored: what the hash chain covers (never upcast), plus where the store put it. */
export interface StoredEventRow {
  global_position: string;
  transaction_id: string;
  stream_name: string;
  category: string;
  stream_position: string;
  message_id: string;
  type: string;
  schema_version: number;
  data: unknown;
  metadata: EventMetadata;
  recorded_at: string;
  hash: string;
}

// Same projection as the store's own reader: recorded_at comes back as the ISO string that was hashed (kept in
// metadata), positions as text (bigint-safe). Filters and sorts name the numeric columns through the alias `e.`.
export const STORED_EVENT_COLUMNS = `e.global_position::text AS global_position,
  e.transaction_id::text AS transaction_id, e.stream_name, e.category, e.stream_position::text AS stream_position,
  e.message_id::text AS message_id, e.type, e.schema_version, e.data, e.metadata,
  e.metadata->>'recordedAt' AS recorded_at, e.hash`;

export const SELECT_STORED_EVENTS = `SELECT ${STORED_EVENT_COLUMNS} FROM es.events e`;

export function toStoredEvent(row: StoredEventRow): RecordedEvent {
  return {
    type: row.type,
    data: row.data,
    metadata: row.metadata as RecordedEvent['metadata'],
    messageId: row.message_id,
    schemaVersion: Number(row.schema_version),
    streamName: row.stream_name,
    category: row.category,
    streamPosition: Number(row.stream_position),
    globalPosition: row.global_position,
    transactionId: row.transaction_id,
    recordedAt: row.recorded_at,
    hash: row.hash,
  };
}
