import type { SqlExecutor } from '../sql/database';

/*
 * The index of message ids appended to ESDB (`es.esdb_message_ids`). ESDB recognises a repeated event id only within
 * one stream and its idempotency window; the port promises more: a message id is stored once, in whichever stream.
 */

export interface IndexedMessage {
  messageId: string;
  streamName: string;
  streamPosition: number;
}

/** Which of `messageIds` are indexed already. */
export async function indexedMessageIds(sql: SqlExecutor, messageIds: readonly string[]): Promise<Set<string>> {
  const result = await sql.query<{ message_id: string }>(
    `SELECT message_id::text FROM es.esdb_message_ids WHERE message_id = ANY($1::uuid[])`,
    [messageIds],
  );
  return new Set(result.rows.map((row) => row.message_id));
}

/**
 * Indexes messages. With `ifAbsent` an id indexed meanwhile is left alone (repairing the index); without it a
 * concurrent writer of the same id makes this insert wait for that writer's transaction, then fail on the constraint.
 */
export async function indexMessages(
  sql: SqlExecutor,
  messages: readonly IndexedMessage[],
  { ifAbsent = false }: { ifAbsent?: boolean } = {},
): Promise<void> {
  if (messages.length === 0) return;
  await sql.query(
    `INSERT INTO es.esdb_message_ids (message_id, stream_name, stream_position)
     SELECT x.id, x.stream, x.pos FROM unnest($1::uuid[], $2::text[], $3::bigint[]) AS x(id, stream, pos)
     ${ifAbsent ? 'ON CONFLICT (message_id) DO NOTHING' : ''}`,
    [messages.map((m) => m.messageId), messages.map((m) => m.streamName), messages.map((m) => m.streamPosition)],
  );
}
