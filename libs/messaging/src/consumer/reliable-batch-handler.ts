import { Logger, type LoggerService } from '@nestjs/common';
import type { Database } from '@roaming/event-store';
import {
  type BatchMessageHandler,
  HEADER,
  type InboundMessage,
  type MessageHandler,
  MessageRejectedError,
} from '../message-bus.port';
import type { DeadLetterMessage } from './dead-letter';
import { errorMessage } from './dead-letter';
import { type DeliveryHooks, reliableHandler } from './reliable-handler';
import { DeliveryAbandonedError, pause, retryDelayMs } from './retry-delay';

export interface ReliableBatchHandlerOptions {
  database: Database;
  groupId: string;
  handler: BatchMessageHandler;
  /** Attempts of one message once its batch failed and was split up (default 5). */
  maxAttempts?: number;
  deadLetter: (message: DeadLetterMessage) => Promise<void>;
  logger?: LoggerService;
  signal?: AbortSignal;
}

/** Processes one batch; resolves once every message is applied, was already applied, or was dead-lettered. */
export type ReliableBatchHandler = (messages: readonly InboundMessage[], hooks?: DeliveryHooks) => Promise<void>;

const CLAIM_BATCH = `
  INSERT INTO messaging.processed_messages (consumer_group, message_id)
  SELECT $1, id FROM unnest($2::text[]) AS id
  ON CONFLICT (consumer_group, message_id) DO NOTHING
  RETURNING message_id`;

const RELEASE_CLAIMS = `
  DELETE FROM messaging.processed_messages WHERE consumer_group = $1 AND message_id = ANY($2::text[])`;

/**
 * The batch form of reliableHandler, with the same guarantees. A batch runs in ONE transaction that claims every
 * message id (skipping those already processed) and applies the handler's effect, so effect and claims commit
 * together. Messages the handler rejects lose their claim in that transaction and are dead-lettered afterwards. When
 * the batch itself fails, it is split up: each message goes through the one-message path with its retries and dead
 * letter, so one poison message costs its partition a short detour, never a stall. A database outage is waited out.
 */
export function reliableBatchHandler(options: ReliableBatchHandlerOptions): ReliableBatchHandler {
  const { database, groupId, handler, signal } = options;
  const logger = options.logger ?? new Logger(`Consumer ${groupId}`);

  const oneByOne: MessageHandler = async (message, { tx }) => {
    let rejection: string | undefined;
    await handler([message], { tx, reject: (_m, reason) => (rejection ??= reason) });
    if (rejection !== undefined) throw new MessageRejectedError(rejection);
  };
  const single = reliableHandler({ ...options, handler: oneByOne, logger });

  const applyBatch = (
    messages: readonly InboundMessage[],
  ): Promise<{ rejected: InboundMessage[]; later: InboundMessage[] }> =>
    database.transaction(async (tx) => {
      const ids = [...new Set(messages.map((m) => m.headers[HEADER.messageId]))];
      const claimed = await tx.query<{ message_id: string }>(CLAIM_BATCH, [groupId, ids]);
      const fresh = new Set(claimed.rows.map((row) => row.message_id));
      // A message id twice in one batch (a producer retry) is applied once, at its first occurrence; the later
      // occurrences of a fresh id are kept aside in case the first one is rejected (see below).
      const firsts = new Set<string>();
      const toHandle: InboundMessage[] = [];
      const later: InboundMessage[] = [];
      for (const m of messages) {
        const id = m.headers[HEADER.messageId];
        if (!fresh.has(id)) continue;
        if (firsts.has(id)) {
          later.push(m);
        } else {
          firsts.add(id);
          toHandle.push(m);
        }
      }
      const rejected: InboundMessage[] = [];
      if (toHandle.length > 0) await handler(toHandle, { tx, reject: (message) => void rejected.push(message) });
      if (rejected.length > 0) {
        await tx.query(RELEASE_CLAIMS, [groupId, rejected.map((m) => m.headers[HEADER.messageId])]);
      }
      return { rejected, later };
    });

  const databaseAnswers = async (): Promise<boolean> => {
    try {
      await database.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  };

  return async (messages, hooks = {}) => {
    if (signal?.aborted) throw new DeliveryAbandonedError(groupId, undefined);
    // Without a message id there is nothing to de-duplicate on: the one-message path dead-letters it.
    for (const message of messages.filter((m) => !m.headers[HEADER.messageId])) await single(message, hooks);
    const identified = messages.filter((m) => m.headers[HEADER.messageId]);
    if (identified.length === 0) return;
    for (let outageWaits = 1; ; outageWaits++) {
      try {
        const { rejected, later } = await applyBatch(identified);
        // The one-message path decides again (it is rejected again) and dead-letters with its retries on the DLQ.
        for (const message of rejected) await single(message, hooks);
        // A rejected first occurrence used nothing up: a later message with its id gets its own judgement. Otherwise
        // a forged copy placed ahead of a partner's real message (same id, failing authentication) would have the
        // real one skipped as its duplicate. The one-message path claims the id, so only one of them can apply.
        const released = new Set(rejected.map((m) => m.headers[HEADER.messageId]));
        for (const message of later) if (released.has(message.headers[HEADER.messageId])) await single(message, hooks);
        return;
      } catch (error) {
        if (await databaseAnswers()) {
          logger.warn(`batch of ${identified.length} failed, handling its messages one by one: ${errorMessage(error)}`);
          for (const message of identified) await single(message, hooks);
          return;
        }
        logger.warn(`database not answering while handling a batch; retrying: ${errorMessage(error)}`);
        await hooks.beforeWait?.().catch(() => undefined);
        if (!(await pause(retryDelayMs(outageWaits), signal))) throw new DeliveryAbandonedError(groupId, undefined);
      }
    }
  };
}
