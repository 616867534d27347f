import { Logger, type LoggerService } from '@nestjs/common';
import type { Database } from '@roaming/event-store';
import { HEADER, type InboundMessage, type MessageHandler, MessageRejectedError } from '../message-bus.port';
import { type DeadLetterMessage, errorMessage, toDeadLetter } from './dead-letter';
import { DeliveryAbandonedError, pause, retryDelayMs } from './retry-delay';

export const DEFAULT_MAX_ATTEMPTS = 5;

export type DeliveryOutcome = 'processed' | 'duplicate' | 'dead-lettered';

export interface ReliableHandlerOptions {
  database: Database;
  groupId: string;
  handler: MessageHandler;
  /** Failed attempts before the message is dead-lettered (default 5). */
  maxAttempts?: number;
  /** Publishes a dead letter; must resolve only once it is durable (broker ack). */
  deadLetter: (message: DeadLetterMessage) => Promise<void>;
  logger?: LoggerService;
  /** Aborted when the subscription closes: pending waits end and the message is abandoned, not acknowledged. */
  signal?: AbortSignal;
}

export interface DeliveryHooks {
  /** Called before each wait, e.g. a Kafka heartbeat so that a long back-off does not cost the group membership. */
  beforeWait?: () => Promise<void>;
}

/** Processes one message; resolves once it is applied, was already applied, or was dead-lettered. */
export type ReliableHandler = (message: InboundMessage, hooks?: DeliveryHooks) => Promise<DeliveryOutcome>;

const CLAIM_MESSAGE = `
  INSERT INTO messaging.processed_messages (consumer_group, message_id) VALUES ($1, $2)
  ON CONFLICT (consumer_group, message_id) DO NOTHING`;

/**
 * The consumer semantics both adapters share. Each message runs in ONE transaction that first claims its
 * (group, message id) row and then applies the handler's effect, so the effect and the de-duplication row commit
 * together: a redelivered message finds its row and is skipped. A failing handler is retried with back-off; after
 * `maxAttempts` failures the message goes to `<topic>.dlq` and the consumer moves on, so a poison message never
 * blocks its partition. Failures while the database itself does not answer are an outage, not a poison message:
 * they are retried until it answers again (or the subscription closes) without using up attempts.
 *
 * The only error it throws is DeliveryAbandonedError, after `signal` aborted; the message is then left
 * unacknowledged so that it is delivered again.
 */
export function reliableHandler(options: ReliableHandlerOptions): ReliableHandler {
  const { database, groupId, handler, signal } = options;
  const maxAttempts = Math.max(1, options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
  const logger = options.logger ?? new Logger(`Consumer ${groupId}`);

  const wait = async (ms: number, messageId: string | undefined, hooks: DeliveryHooks): Promise<void> => {
    // A failed heartbeat (e.g. a rebalance) surfaces again at the consumer's own next heartbeat; not our concern here.
    await hooks.beforeWait?.().catch(() => undefined);
    if (!(await pause(ms, signal))) throw new DeliveryAbandonedError(groupId, messageId);
  };

  const databaseAnswers = async (): Promise<boolean> => {
    try {
      await database.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  };

  const deadLetter = async (
    message: InboundMessage,
    reason: string,
    hooks: DeliveryHooks,
  ): Promise<DeliveryOutcome> => {
    const messageId = message.headers[HEADER.messageId];
    const letter = toDeadLetter(message, groupId, reason);
    for (let failures = 1; ; failures++) {
      if (signal?.aborted) throw new DeliveryAbandonedError(groupId, messageId);
      try {
        await options.deadLetter(letter);
        logger.error(`dead-lettered ${describe(message)} to ${letter.topic}: ${reason}`);
        return 'dead-lettered';
      } catch (error) {
        // The partition must not move past a message that is neither applied nor parked: keep trying.
        logger.error(`could not dead-letter ${describe(message)} (try ${failures}): ${errorMessage(error)}`);
        await wait(retryDelayMs(failures), messageId, hooks);
      }
    }
  };

  const applyOnce = (message: InboundMessage, messageId: string): Promise<boolean> =>
    database.transaction(async (tx) => {
      const claimed = await tx.query(CLAIM_MESSAGE, [groupId, messageId]);
      if (claimed.rowCount === 0) return false;
      await handler(message, { tx });
      return true;
    });

  return async (message, hooks = {}) => {
    const messageId = message.headers[HEADER.messageId];
    if (signal?.aborted) throw new DeliveryAbandonedError(groupId, messageId);
    if (!messageId) return deadLetter(message, `missing ${HEADER.messageId} header`, hooks);

    let failures = 0;
    let outageWaits = 0;
    for (;;) {
      try {
        return (await applyOnce(message, messageId)) ? 'processed' : 'duplicate';
      } catch (error) {
        // A refusal is final: retrying it would only delay the partition.
        if (error instanceof MessageRejectedError) return deadLetter(message, error.reason, hooks);
        if (!(await databaseAnswers())) {
          outageWaits++;
          logger.warn(`database not answering while handling ${describe(message)}; retrying: ${errorMessage(error)}`);
          await wait(retryDelayMs(outageWaits), messageId, hooks);
          continue;
        }
        outageWaits = 0;
        failures++;
        if (failures >= maxAttempts) {
          return deadLetter(message, errorMessage(error), hooks);
        }
        logger.warn(`attempt ${failures}/${maxAttempts} failed for ${describe(message)}: ${errorMessage(error)}`);
        await wait(retryDelayMs(failures), messageId, hooks);
      }
    }
  };
}

function describe(message: InboundMessage): string {
  const id = message.headers[HEADER.messageId] ?? '(no message-id)';
  return `message ${id} (${message.topic}/${message.partition}@${message.offset})`;
}
