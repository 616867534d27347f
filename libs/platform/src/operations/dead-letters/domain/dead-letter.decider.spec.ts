import { deciderSpec } from '@roaming/testing';
import { deadLetterDecider } from './dead-letter.decider';
import type { DeadLetterFacts, DeadLetterParked } from './dead-letter.events';

const letter: DeadLetterFacts = {
  letterId: 'l-1',
  deadLetterTopic: 'b2b.cdrs.inbound.v1.dlq',
  originalTopic: 'b2b.cdrs.inbound.v1',
  messageId: 'm-1',
  messageType: 'Cdr',
  key: 'DEABC',
  rawValue: '{"cdrId":"C-1"}',
  headers: { 'message-id': 'm-1' },
  error: 'agreement unknown',
  consumerGroup: 'cdr-forwarding.cdr-intake',
  originalPartition: '0',
  originalOffset: '41',
};
const parked = (parkCount: number, overrides: Partial<DeadLetterFacts> = {}): DeadLetterParked => ({
  type: 'DeadLetterParked',
  data: { ...letter, ...overrides, parkCount, parkedAt: `2026-03-01T10:0${parkCount}:00.000Z` },
});
const at = '2026-03-01T11:00:00.000Z';

describe('dead letter decider (ARCHITECTURE §6: a poison message is parked, then replayed or discarded by the operator)', () => {
  const spec = deciderSpec(deadLetterDecider);

  it('parks a message the first time with count 1', () => {
    spec
      .given([])
      .when({ type: 'ParkDeadLetter', data: { ...letter, at: parked(1).data.parkedAt } })
      .then([parked(1)]);
  });

  it('does not park the same failed delivery twice (a redelivered .dlq record)', () => {
    spec
      .given([parked(1)])
      .when({ type: 'ParkDeadLetter', data: { ...letter, at } })
      .thenNothing();
  });

  it('parks a replayed message that failed again with the next count', () => {
    spec
      .given([
        parked(1),
        { type: 'DeadLetterReplayed', data: { letterId: 'l-1', parkCount: 1, replayedBy: 'operator', replayedAt: at } },
      ])
      .when({ type: 'ParkDeadLetter', data: { ...letter, originalOffset: '97', at: parked(2).data.parkedAt } })
      .then([parked(2, { originalOffset: '97' })]);
  });

  it('records a replay once', () => {
    spec
      .given([
        parked(1),
        { type: 'DeadLetterReplayed', data: { letterId: 'l-1', parkCount: 1, replayedBy: 'operator', replayedAt: at } },
      ])
      .when({ type: 'RecordDeadLetterReplay', data: { parkCount: 1, by: 'operator', at } })
      .thenNothing();
  });

  it('keeps a message parked when a replay of an earlier parking is recorded after it failed again', () => {
    const state = [
      parked(1),
      parked(2, { originalOffset: '97' }),
      {
        type: 'DeadLetterReplayed' as const,
        data: { letterId: 'l-1', parkCount: 1, replayedBy: 'operator', replayedAt: at },
      },
    ].reduce(deadLetterDecider.evolve, deadLetterDecider.initialState());
    expect(state).toMatchObject({ status: 'parked', parkCount: 2 });
  });

  it('discards a parked message with the reason, and refuses to discard it again (DEAD_LETTER_NOT_PARKED)', () => {
    spec
      .given([parked(1)])
      .when({ type: 'DiscardDeadLetter', data: { by: 'operator', reason: 'duplicate of C-0', at } })
      .then([
        {
          type: 'DeadLetterDiscarded',
          data: { letterId: 'l-1', parkCount: 1, discardedBy: 'operator', reason: 'duplicate of C-0', discardedAt: at },
        },
      ]);
    spec
      .given([
        parked(1),
        {
          type: 'DeadLetterDiscarded',
          data: { letterId: 'l-1', parkCount: 1, discardedBy: 'operator', reason: 'x', discardedAt: at },
        },
      ])
      .when({ type: 'DiscardDeadLetter', data: { by: 'operator', reason: 'again', at } })
      .thenThrows('DEAD_LETTER_NOT_PARKED');
  });
});
