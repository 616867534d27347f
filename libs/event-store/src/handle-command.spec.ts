import type { Decider } from '@roaming/shared-kernel';
import { handleCommand } from './handle-command';
import { InMemoryEventStore } from './in-memory/in-memory-event-store';

type Event = { type: 'Opened'; data: { by: string } };
type Cmd = { type: 'Open'; data: { by: string } };
type State = { opened: boolean; by?: string };

/** Opens once; opening again by the same party is a no-op, by another a refusal. */
const door: Decider<State, Cmd, Event> = {
  initialState: () => ({ opened: false }),
  decide: (command, state) => {
    if (!state.opened) return [{ type: 'Opened', data: { by: command.data.by } }];
    if (state.by === command.data.by) return [];
    throw new Error(`already opened by ${state.by}`);
  },
  evolve: (_state, event) => ({ opened: true, by: event.data.by }),
};

/** Counts the reads a store answers, to see which the option saves. */
class CountingStore extends InMemoryEventStore {
  reads = 0;
  override readStream(...args: Parameters<InMemoryEventStore['readStream']>) {
    this.reads++;
    return super.readStream(...args);
  }
}

describe('handleCommand with newStream (a fresh id on a hot path)', () => {
  it('decides on the initial state without reading the stream, and appends only if it is still empty', async () => {
    const store = new CountingStore();
    const result = await handleCommand(store, 'door-1', door, { type: 'Open', data: { by: 'a' } }, { newStream: true });
    expect(result).toMatchObject({ state: { opened: true, by: 'a' }, nextExpectedVersion: 1, replayed: false });
    expect(store.reads).toBe(0);
  });

  it('decides again on the history when the stream existed after all', async () => {
    const store = new CountingStore();
    await store.append('door-2', [{ type: 'Opened', data: { by: 'a' } }]);
    const same = await handleCommand(store, 'door-2', door, { type: 'Open', data: { by: 'a' } }, { newStream: true });
    expect(same).toMatchObject({ newEvents: [], state: { by: 'a' } });
    await expect(
      handleCommand(store, 'door-2', door, { type: 'Open', data: { by: 'b' } }, { newStream: true }),
    ).rejects.toThrow('already opened by a');
    expect(await store.readStream('door-2')).toHaveLength(1);
  });

  it('recognises a replay by its idempotency key and returns the stored state', async () => {
    const store = new CountingStore();
    const options = { newStream: true, idempotencyKey: 'k-1' };
    await handleCommand(store, 'door-3', door, { type: 'Open', data: { by: 'a' } }, options);
    const again = await handleCommand(store, 'door-3', door, { type: 'Open', data: { by: 'a' } }, options);
    expect(again).toMatchObject({ newEvents: [], replayed: true, state: { by: 'a' } });
    expect(await store.readStream('door-3')).toHaveLength(1);
  });
});
