import type { Migration } from '@roaming/event-store';

/**
 * The consumers' de-duplication table: one row per (consumer group, message id), written in the same transaction as
 * the message's effect, so an effect is applied once however often Kafka or the forwarder redelivers the message.
 */
export const messagingMigrations: Migration[] = [
  {
    id: 'messaging/001-processed-messages',
    sql: `
      CREATE SCHEMA IF NOT EXISTS messaging;
      CREATE TABLE IF NOT EXISTS messaging.processed_messages (
        consumer_group text        NOT NULL,
        message_id     text        NOT NULL,
        processed_at   timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer_group, message_id)
      );
    `,
  },
];
