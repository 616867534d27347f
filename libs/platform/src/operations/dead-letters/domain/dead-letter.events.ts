import type { DomainEvent } from '@roaming/shared-kernel';

/** The message as it arrived on `<topic>.dlq`: the original body byte for byte, its headers and why it failed. */
export interface DeadLetterFacts {
  letterId: string;
  deadLetterTopic: string;
  /** Where a replay publishes it again. */
  originalTopic: string;
  /** The original message id: consumers dedupe by it, so a replay applies at most once per consumer group. */
  messageId: string;
  messageType: string | null;
  key: string | null;
  rawValue: string;
  headers: Record<string, string>;
  error: string;
  consumerGroup: string | null;
  originalPartition: string | null;
  originalOffset: string | null;
}

/**
 * A consumer gave up on a message and parked it (ARCHITECTURE.md §6). `parkCount` is 1 the first time; a replay that
 * fails again parks the same message once more with the next count.
 */
export type DeadLetterParked = DomainEvent<
  'DeadLetterParked',
  DeadLetterFacts & { parkCount: number; parkedAt: string }
>;

/** The operator published the message again to its original topic, with its original message id. */
export type DeadLetterReplayed = DomainEvent<
  'DeadLetterReplayed',
  { letterId: string; parkCount: number; replayedBy: string; replayedAt: string }
>;

/** The operator decided the message is not to be applied; it stays on record (no hard deletes). */
export type DeadLetterDiscarded = DomainEvent<
  'DeadLetterDiscarded',
  { letterId: string; parkCount: number; discardedBy: string; reason: string; discardedAt: string }
>;

export type DeadLetterEvent = DeadLetterParked | DeadLetterReplayed | DeadLetterDiscarded;
