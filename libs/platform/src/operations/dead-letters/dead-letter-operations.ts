import { Injectable } from '@nestjs/common';
import { Database, EventStore, handleCommand, loadState } from '@roaming/event-store';
import { HEADER, MessageBus } from '@roaming/messaging';
import { Clock, DomainError } from '@roaming/shared-kernel';
import { forgetOperatorReplay, recordOperatorReplay } from '../../auth/operator-replays';
import { AppConfig } from '../../config/app-config';
import type { Principal } from '../../auth/principal';
import { NamespacedMessageBus } from '../../infrastructure/namespaced-message-bus';
import { currentCorrelationId } from '../../logging/correlation';
import { deadLetterCaptureGroup } from './dead-letter-capture';
import {
  deadLetterDecider,
  deadLetterNotFound,
  deadLetterNotParked,
  type DeadLetterState,
  deadLetterStream,
  type DeadLetterStatus,
} from './domain';

/** Headers the consumer that gave up added; the replayed message carries only the original ones. */
const DIAGNOSTIC_HEADERS: readonly string[] = [
  HEADER.error,
  HEADER.originalTopic,
  HEADER.originalPartition,
  HEADER.originalOffset,
  HEADER.consumerGroup,
];

export interface DeadLetterOutcome {
  letterId: string;
  status: DeadLetterStatus;
  parkCount: number;
}

/**
 * The operator's two decisions about a parked message. A replay publishes the original body with its original
 * message id to its original topic: groups that applied it dedupe it, the group that failed has no dedupe row for it
 * (its attempt rolled back), so the replay applies at most once there.
 */
@Injectable()
export class DeadLetterOperations {
  constructor(
    private readonly config: AppConfig,
    private readonly db: Database,
    private readonly store: EventStore,
    private readonly bus: MessageBus,
    private readonly clock: Clock,
  ) {}

  async replay(letterId: string, principal: Principal): Promise<DeadLetterOutcome> {
    const stream = deadLetterStream(this.config.appName, letterId);
    const state = await this.parked(stream, letterId);
    let value: unknown;
    try {
      value = JSON.parse(state.letter.rawValue);
    } catch {
      throw DomainError.illegalState(
        'DEAD_LETTER_BODY_NOT_JSON',
        'the parked body is not JSON: replaying it would fail the same way; discard it instead',
      );
    }
    // The capture group has seen this message id; forget that, so that a replay failing again is captured again.
    await this.db.query(`DELETE FROM messaging.processed_messages WHERE consumer_group = ANY($1) AND message_id = $2`, [
      this.captureGroupIds(),
      state.letter.messageId,
    ]);
    const headers = Object.fromEntries(
      Object.entries(state.letter.headers).filter(([name]) => !DIAGNOSTIC_HEADERS.includes(name)),
    );
    // A partner's message goes out with its old signing time, which the door would refuse as too old: the replay is
    // recorded first, and the door takes its time instead (operator-replays.ts). Only this admin door writes it.
    await recordOperatorReplay(this.db, state.letter.originalTopic, state.letter.messageId);
    // The body goes out as it was parked, byte for byte: a partner's signature covers its exact text (re-serialising
    // it would change spacing or escapes and have the replay refused as UNAUTHENTICATED).
    try {
      await this.bus.publish([
        {
          topic: state.letter.originalTopic,
          key: state.letter.key ?? letterId,
          value,
          rawValue: state.letter.rawValue,
          headers,
        },
      ]);
    } catch (error) {
      await forgetOperatorReplay(this.db, state.letter.originalTopic, state.letter.messageId);
      throw error;
    }
    // Recorded after the broker's ack: a crash in between leaves it parked, and a second replay is deduped.
    const { state: after } = await handleCommand(
      this.store,
      stream,
      deadLetterDecider,
      {
        type: 'RecordDeadLetterReplay',
        data: { parkCount: state.parkCount, by: principal.partnerId, at: this.clock.now().toISOString() },
      },
      { metadata: this.metadata(principal) },
    );
    return outcome(letterId, after);
  }

  async discard(letterId: string, reason: string, principal: Principal): Promise<DeadLetterOutcome> {
    const stream = deadLetterStream(this.config.appName, letterId);
    const parked = await this.parked(stream, letterId);
    // An earlier replay of it that came back parked must not stay open for copies of the message.
    await forgetOperatorReplay(this.db, parked.letter.originalTopic, parked.letter.messageId);
    const { state } = await handleCommand(
      this.store,
      stream,
      deadLetterDecider,
      { type: 'DiscardDeadLetter', data: { by: principal.partnerId, reason, at: this.clock.now().toISOString() } },
      { metadata: this.metadata(principal) },
    );
    return outcome(letterId, state);
  }

  private async parked(stream: string, letterId: string): Promise<Extract<DeadLetterState, { letter: unknown }>> {
    const { state } = await loadState(this.store, stream, deadLetterDecider);
    if (state.status === 'none') throw deadLetterNotFound(letterId);
    if (state.status !== 'parked') throw deadLetterNotParked(letterId, state.status);
    return state;
  }

  /** The capture group's id as the consumers' dedupe table knows it (prefixed on a namespaced Kafka bus). */
  private captureGroupIds(): string[] {
    const group = deadLetterCaptureGroup(this.config.appName);
    const prefix = this.bus instanceof NamespacedMessageBus ? (this.config.kafkaTopicPrefix ?? '') : '';
    return [...new Set([group, prefix + group])];
  }

  private metadata(principal: Principal) {
    return { actor: principal.partnerId, correlationId: currentCorrelationId() };
  }
}

function outcome(letterId: string, state: DeadLetterState): DeadLetterOutcome {
  if (state.status === 'none') throw deadLetterNotFound(letterId);
  return { letterId, status: state.status, parkCount: state.parkCount };
}
