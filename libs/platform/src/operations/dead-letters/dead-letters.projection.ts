import type { RecordedEvent, SqlExecutor } from '@roaming/event-store';
import { DEAD_LETTER_CATEGORY, type DeadLetterEvent } from './domain';
import type { VersionedProjectionDefinition } from '../projections/versioned-projection';

/**
 * The operator's list of an app's dead letters, projected from its `deadLetter-<app>+…` streams. A versioned
 * projection: it can be rebuilt from the store like any context's read model.
 */
export function deadLettersProjection(appName: string, schema: string): VersionedProjectionDefinition {
  const streamPrefix = `${DEAD_LETTER_CATEGORY}-${appName}+`;
  const bare = (version: number) => (version === 1 ? 'dead_letters' : `dead_letters_v${version}`);
  return {
    name: `${schema}.dead_letters`,
    categories: [DEAD_LETTER_CATEGORY],
    table: (version) => `${schema}.${bare(version)}`,
    createTable: (table) => {
      const name = table.slice(table.indexOf('.') + 1);
      return `
        CREATE SCHEMA IF NOT EXISTS ${schema};
        CREATE TABLE IF NOT EXISTS ${table} (
          letter_id          text        PRIMARY KEY,
          dead_letter_topic  text        NOT NULL,
          original_topic     text        NOT NULL,
          message_id         text        NOT NULL,
          message_type       text,
          message_key        text,
          consumer_group     text,
          error              text        NOT NULL,
          raw_value          text        NOT NULL,
          headers            jsonb       NOT NULL,
          original_partition text,
          original_offset    text,
          status             text        NOT NULL,
          park_count         integer     NOT NULL,
          first_parked_at    timestamptz NOT NULL,
          last_parked_at     timestamptz NOT NULL,
          resolved_at        timestamptz,
          resolved_by        text,
          resolution_reason  text,
          stream_position    bigint      NOT NULL
        );
        CREATE INDEX IF NOT EXISTS ${name}_topic_idx ON ${table} (original_topic, first_parked_at, letter_id);`;
    },
    project: async (events, tx, table) => {
      for (const event of events) {
        if (event.streamName.startsWith(streamPrefix)) await apply(event, tx, table);
      }
    },
  };
}

// Every write is guarded by the stream position, so a batch handled again changes nothing.
async function apply(recorded: RecordedEvent, tx: SqlExecutor, table: string): Promise<void> {
  const event = { type: recorded.type, data: recorded.data } as DeadLetterEvent;
  const position = recorded.streamPosition;
  switch (event.type) {
    case 'DeadLetterParked': {
      const d = event.data;
      await tx.query(
        `INSERT INTO ${table} (letter_id, dead_letter_topic, original_topic, message_id, message_type, message_key,
           consumer_group, error, raw_value, headers, original_partition, original_offset, status, park_count,
           first_parked_at, last_parked_at, stream_position)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11, $12, 'parked', $13, $14, $14, $15)
         ON CONFLICT (letter_id) DO UPDATE SET
           error = EXCLUDED.error, raw_value = EXCLUDED.raw_value, headers = EXCLUDED.headers,
           consumer_group = EXCLUDED.consumer_group, original_partition = EXCLUDED.original_partition,
           original_offset = EXCLUDED.original_offset, status = 'parked', park_count = EXCLUDED.park_count,
           last_parked_at = EXCLUDED.last_parked_at, resolved_at = NULL, resolved_by = NULL,
           resolution_reason = NULL, stream_position = EXCLUDED.stream_position
         WHERE ${table}.stream_position < EXCLUDED.stream_position`,
        [
          d.letterId,
          d.deadLetterTopic,
          d.originalTopic,
          d.messageId,
          d.messageType,
          d.key,
          d.consumerGroup,
          d.error,
          d.rawValue,
          JSON.stringify(d.headers),
          d.originalPartition,
          d.originalOffset,
          d.parkCount,
          d.parkedAt,
          position,
        ],
      );
      return;
    }
    case 'DeadLetterReplayed':
    case 'DeadLetterDiscarded': {
      const replayed = event.type === 'DeadLetterReplayed';
      const d = event.data;
      // A resolution of an earlier parking only moves the position: the message parked again stays parked.
      await tx.query(
        `UPDATE ${table} SET
           status = CASE WHEN park_count = $3 THEN $4 ELSE status END,
           resolved_at = CASE WHEN park_count = $3 THEN $5::timestamptz ELSE resolved_at END,
           resolved_by = CASE WHEN park_count = $3 THEN $6 ELSE resolved_by END,
           resolution_reason = CASE WHEN park_count = $3 THEN $7 ELSE resolution_reason END,
           stream_position = $2
         WHERE letter_id = $1 AND stream_position < $2`,
        [
          d.letterId,
          position,
          d.parkCount,
          replayed ? 'replayed' : 'discarded',
          event.type === 'DeadLetterReplayed' ? event.data.replayedAt : event.data.discardedAt,
          event.type === 'DeadLetterReplayed' ? event.data.replayedBy : event.data.discardedBy,
          event.type === 'DeadLetterDiscarded' ? event.data.reason : null,
        ],
      );
      return;
    }
  }
}
