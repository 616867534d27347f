import type { Migration, SqlExecutor } from '@roaming/event-store';

/**
 * The marketplace operator's deliberate replays of parked partner messages. A replay re-sends the partner's bytes
 * verbatim (its signature covers them), so its signing time is as old as the message: the door would refuse it as
 * too old. The replaying app records the replay here, in its own database, before it publishes; the door (the same
 * app, consuming the topic whose dead letters it holds) then takes the replay's time as the message's signing time.
 * Nothing on the topic marks a replay, so nobody who can only produce to the door can claim one: a row here needs
 * the operator's role on the hub's admin door. Partners' signatures are still checked as for any message.
 */
export const operatorReplayMigrations: readonly Migration[] = [
  {
    id: 'platform/001-operator-replays',
    sql: `
      CREATE SCHEMA IF NOT EXISTS messaging;
      CREATE TABLE IF NOT EXISTS messaging.operator_replays (
        topic       text        NOT NULL,
        message_id  text        NOT NULL,
        replayed_at timestamptz NOT NULL,
        PRIMARY KEY (topic, message_id)
      );
    `,
  },
];

/**
 * Records that the operator replays the message now (the database's clock, an infrastructure clock like the
 * broker's: the app's Clock may be a test's fixed one). A second replay of the same message moves the time on.
 */
export async function recordOperatorReplay(executor: SqlExecutor, topic: string, messageId: string): Promise<void> {
  await executor.query(
    `INSERT INTO messaging.operator_replays (topic, message_id, replayed_at) VALUES ($1, $2, now())
     ON CONFLICT (topic, message_id) DO UPDATE SET replayed_at = excluded.replayed_at`,
    [topic, messageId],
  );
}

/**
 * Takes a replay back: its publish failed, or the operator discarded the letter. Left in place, the row would let
 * anyone holding a copy of that message have it accepted for as long as the replay window lasts.
 */
export async function forgetOperatorReplay(executor: SqlExecutor, topic: string, messageId: string): Promise<void> {
  await executor.query(`DELETE FROM messaging.operator_replays WHERE topic = $1 AND message_id = $2`, [
    topic,
    messageId,
  ]);
}

/** When the operator last replayed each of these messages (only the replayed ones), by operatorReplayKey. */
export async function operatorReplaysOf(
  executor: SqlExecutor,
  messages: readonly { topic: string; messageId: string }[],
): Promise<Map<string, Date>> {
  const found = new Map<string, Date>();
  if (messages.length === 0) return found;
  const { rows } = await executor.query<{ topic: string; message_id: string; replayed_at: Date | string }>(
    `SELECT topic, message_id, replayed_at FROM messaging.operator_replays
     WHERE (topic, message_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
    [messages.map((m) => m.topic), messages.map((m) => m.messageId)],
  );
  for (const row of rows) found.set(operatorReplayKey(row.topic, row.message_id), new Date(row.replayed_at));
  return found;
}

export function operatorReplayKey(topic: string, messageId: string): string {
  return `${topic}\n${messageId}`;
}
