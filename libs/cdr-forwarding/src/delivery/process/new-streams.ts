import {
  type EventMetadata,
  type EventStore,
  handleCommand,
  type SqlExecutor,
  WrongExpectedVersionError,
} from '@roaming/event-store';
import { CLEARING_HOUSE_NAMESPACE, type Command, type Decider, type DomainEvent, uuidV5 } from '@roaming/shared-kernel';

export interface NewStreamCommand<Cmd> {
  stream: string;
  command: Cmd;
  /** Makes the events' message ids a function of it (as handleCommand's idempotencyKey does). */
  idempotencyKey: string;
  metadata: EventMetadata;
}

/**
 * Decides commands that normally open a new stream each (a process manager reacting to a batch of events), and
 * appends all their events in the caller's transaction with one appendMany (two statements on PostgreSQL instead of
 * several per stream). A stream that exists after all (a replayed batch), or appears twice in the batch, is decided
 * again on its history with handleCommand, with the same message ids.
 */
export async function handleNewStreams<State, Cmd extends Command, Event extends DomainEvent>(
  store: EventStore,
  decider: Decider<State, Cmd, Event>,
  items: readonly NewStreamCommand<Cmd>[],
  tx: SqlExecutor,
): Promise<void> {
  const seen = new Set<string>();
  const fast: { item: NewStreamCommand<Cmd>; events: Event[] }[] = [];
  const slow: NewStreamCommand<Cmd>[] = [];
  for (const item of items) {
    if (seen.has(item.stream)) {
      slow.push(item);
      continue;
    }
    seen.add(item.stream);
    const events = decider.decide(item.command, decider.initialState());
    if (events.length > 0) fast.push({ item, events });
  }
  const outcomes =
    fast.length === 0
      ? []
      : await store.appendMany(
          fast.map(({ item, events }) => ({
            streamName: item.stream,
            expectedVersion: 'no_stream' as const,
            events: events.map((event, index) => ({
              type: event.type,
              data: event.data,
              metadata: item.metadata,
              messageId: uuidV5(`${item.stream}:${item.idempotencyKey}:${index}`, CLEARING_HOUSE_NAMESPACE),
            })),
          })),
          tx,
        );
  outcomes.forEach((outcome, i) => {
    if (outcome.ok) return;
    if (!(outcome.error instanceof WrongExpectedVersionError)) throw outcome.error;
    slow.push(fast[i].item);
  });
  for (const item of slow) {
    await handleCommand(store, item.stream, decider, item.command, {
      tx,
      idempotencyKey: item.idempotencyKey,
      metadata: item.metadata,
    });
  }
}
