import type { DeadLetterCommand } from './dead-letter.commands';
import { deadLetterNotFound, deadLetterNotParked } from './dead-letter.errors';
import type { DeadLetterEvent, DeadLetterFacts } from './dead-letter.events';
import type { DeadLetterState } from './dead-letter.state';

export function decideDeadLetter(command: DeadLetterCommand, state: DeadLetterState): DeadLetterEvent[] {
  switch (command.type) {
    case 'ParkDeadLetter': {
      const { at, ...letter } = command.data;
      // The same dead-lettering delivered again (a redelivered `.dlq` record) is already parked.
      if (state.status !== 'none' && isSameDelivery(state.letter, letter)) return [];
      const parkCount = state.status === 'none' ? 1 : state.parkCount + 1;
      return [{ type: 'DeadLetterParked', data: { ...letter, parkCount, parkedAt: at } }];
    }
    case 'RecordDeadLetterReplay': {
      if (state.status === 'none') throw deadLetterNotFound('(unknown)');
      const { parkCount, by, at } = command.data;
      // Recording the same replay twice changes nothing.
      if (state.status === 'replayed' && state.parkCount === parkCount) return [];
      return [
        {
          type: 'DeadLetterReplayed',
          data: { letterId: state.letter.letterId, parkCount, replayedBy: by, replayedAt: at },
        },
      ];
    }
    case 'DiscardDeadLetter': {
      if (state.status === 'none') throw deadLetterNotFound('(unknown)');
      if (state.status !== 'parked') throw deadLetterNotParked(state.letter.letterId, state.status);
      const { by, reason, at } = command.data;
      return [
        {
          type: 'DeadLetterDiscarded',
          data: {
            letterId: state.letter.letterId,
            parkCount: state.parkCount,
            discardedBy: by,
            reason,
            discardedAt: at,
          },
        },
      ];
    }
  }
}

/** One failed delivery: the group that gave up and where the message was when it did. */
function isSameDelivery(a: DeadLetterFacts, b: DeadLetterFacts): boolean {
  return (
    a.consumerGroup === b.consumerGroup &&
    a.originalPartition === b.originalPartition &&
    a.originalOffset === b.originalOffset &&
    a.error === b.error
  );
}
