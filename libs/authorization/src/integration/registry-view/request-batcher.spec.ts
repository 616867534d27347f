import { RequestBatcher } from './request-batcher';

describe('RequestBatcher (concurrent lookups share one round trip)', () => {
  it('sends a lone request at once and queues the ones made meanwhile into the next batch', async () => {
    const batches: number[][] = [];
    let release!: () => void;
    const firstHeld = new Promise<void>((r) => (release = r));
    const batcher = new RequestBatcher<number, number>({
      maxConcurrent: 1,
      run: async (requests) => {
        batches.push([...requests]);
        if (batches.length === 1) await firstHeld;
        return requests.map((n) => n * 10);
      },
    });
    const first = batcher.submit(1);
    const rest = [2, 3, 4].map((n) => batcher.submit(n));
    release();
    expect(await Promise.all([first, ...rest])).toEqual([10, 20, 30, 40]);
    expect(batches).toEqual([[1], [2, 3, 4]]);
  });

  it('splits a long queue into batches of at most maxBatchSize', async () => {
    const sizes: number[] = [];
    const batcher = new RequestBatcher<number, number>({
      maxConcurrent: 1,
      maxBatchSize: 3,
      run: async (requests) => {
        sizes.push(requests.length);
        return [...requests];
      },
    });
    expect(await Promise.all([1, 2, 3, 4, 5, 6, 7].map((n) => batcher.submit(n)))).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(sizes).toEqual([1, 3, 3]);
  });

  it('fails every request of a failed batch, and carries on with the next', async () => {
    let calls = 0;
    const batcher = new RequestBatcher<number, number>({
      maxConcurrent: 1,
      run: async (requests) => {
        calls++;
        if (calls === 1) throw new Error('database gone');
        return [...requests];
      },
    });
    await expect(batcher.submit(1)).rejects.toThrow('database gone');
    expect(await batcher.submit(2)).toBe(2);
  });

  it('refuses a batch answer that does not match its requests one to one', async () => {
    const batcher = new RequestBatcher<number, number>({ run: async () => [] });
    await expect(batcher.submit(1)).rejects.toThrow(/got 0 responses/);
  });
});
