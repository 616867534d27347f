import { WaitForTimeoutError, waitFor } from './wait-for';

describe('waitFor', () => {
  it('returns the first value that is not undefined, null or false', async () => {
    let calls = 0;
    const value = await waitFor(
      async () => {
        calls += 1;
        return calls === 1 ? undefined : calls === 2 ? null : calls === 3 ? false : { position: calls };
      },
      { description: 'position', intervalMs: 1 },
    );
    expect(value).toEqual({ position: 4 });
    expect(calls).toBe(4);
  });

  it('returns at once when the condition already holds, also for a synchronous condition', async () => {
    await expect(waitFor(() => 0, { description: 'zero is a value' })).resolves.toBe(0);
    await expect(waitFor(() => '', { description: 'empty string is a value' })).resolves.toBe('');
  });

  it('fails with the description when the condition never holds', async () => {
    const attempt = waitFor(async () => undefined, {
      description: 'checkpoint cdr-summary at 42',
      timeoutMs: 30,
      intervalMs: 5,
    });
    await expect(attempt).rejects.toThrow(WaitForTimeoutError);
    await expect(attempt).rejects.toThrow(/timed out after 30 ms .*waiting for: checkpoint cdr-summary at 42/);
  });

  it('treats a throwing condition as not yet, and reports its last error on timeout', async () => {
    let calls = 0;
    const value = await waitFor(
      async () => {
        calls += 1;
        if (calls < 3) throw new Error('relation "cdr_summary" does not exist');
        return 'ready';
      },
      { description: 'table', intervalMs: 1 },
    );
    expect(value).toBe('ready');

    const failing = waitFor(
      async () => {
        throw new Error('connection refused');
      },
      { description: 'broker', timeoutMs: 20, intervalMs: 5 },
    );
    await expect(failing).rejects.toThrow(/waiting for: broker; last check threw: Error: connection refused/);
    const error = await failing.catch((e: unknown) => e);
    expect((error as WaitForTimeoutError).cause).toEqual(new Error('connection refused'));
    expect((error as WaitForTimeoutError).attempts).toBeGreaterThan(1);
  });

  it('checks at least once even with a zero timeout', async () => {
    await expect(waitFor(async () => 'done', { description: 'now', timeoutMs: 0 })).resolves.toBe('done');
  });
});
