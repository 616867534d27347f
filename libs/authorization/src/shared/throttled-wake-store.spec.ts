import { InMemoryEventStore } from '@roaming/event-store';
import { waitFor } from '@roaming/testing';
import { ThrottledWakeStore } from './throttled-wake-store';

describe('ThrottledWakeStore (processors of the hot path handle decisions in batches, not per commit)', () => {
  it('wakes at once after a quiet spell, then at most once per interval however many appends commit', async () => {
    const inner = new InMemoryEventStore();
    const store = new ThrottledWakeStore(inner, 40);
    let wakes = 0;
    const unsubscribe = store.onAppended(() => wakes++);
    await inner.append('authorization-1', [{ type: 'A', data: {} }]);
    expect(wakes).toBe(1);
    for (let i = 2; i <= 20; i++) await inner.append(`authorization-${i}`, [{ type: 'A', data: {} }]);
    expect(wakes).toBe(1);
    await waitFor(() => wakes === 2, { description: 'one trailing wake-up for the burst' });
    unsubscribe();
  });

  it('never wakes a processor that only polls, and passes reads and writes through', async () => {
    const inner = new InMemoryEventStore();
    const store = new ThrottledWakeStore(inner, null);
    let wakes = 0;
    store.onAppended(() => wakes++);
    await store.append('session-1', [{ type: 'SessionStarted', data: { n: 1 } }]);
    expect(wakes).toBe(0);
    expect((await store.readStream('session-1')).map((e) => e.type)).toEqual(['SessionStarted']);
    expect(await store.readAll({ categories: ['session'] })).toHaveLength(1);
  });

  it("hands typed pages and batch appends to the adapter's own implementation, not the port's defaults", async () => {
    const inner = new InMemoryEventStore();
    const store = new ThrottledWakeStore(inner, 25);
    const readPage = jest.spyOn(inner, 'readPage');
    const appendMany = jest.spyOn(inner, 'appendMany');
    await store.append('authorization-1', [{ type: 'AuthorizationGranted', data: {} }]);
    const page = await store.readPage({ categories: ['authorization'], types: ['AuthorizationGranted'] });
    expect(page.events.map((e) => e.type)).toEqual(['AuthorizationGranted']);
    expect(readPage).toHaveBeenCalledWith({ categories: ['authorization'], types: ['AuthorizationGranted'] });
    const tx = { query: () => Promise.reject(new Error('no SQL here')) };
    await store.appendMany([], tx).catch(() => undefined);
    expect(appendMany).toHaveBeenCalledWith([], tx);
  });
});
