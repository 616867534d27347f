import { correlationIdFrom, currentCorrelationId, runWithCorrelationId } from './correlation';

describe('correlation id', () => {
  it('prefers X-Correlation-ID, then X-Request-ID', () => {
    expect(correlationIdFrom({ 'x-correlation-id': 'abc-1', 'x-request-id': 'req-9' })).toBe('abc-1');
    expect(correlationIdFrom({ 'x-request-id': 'req-9' })).toBe('req-9');
  });

  it('generates a UUID when none is given or the given one could forge log lines', () => {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    expect(correlationIdFrom({})).toMatch(uuid);
    expect(correlationIdFrom({ 'x-correlation-id': 'evil\n{"level":"error"}' })).toMatch(uuid);
    expect(correlationIdFrom({ 'x-correlation-id': 'x'.repeat(129) })).toMatch(uuid);
  });

  it('is visible through async continuations inside runWithCorrelationId only', async () => {
    expect(currentCorrelationId()).toBeUndefined();
    await runWithCorrelationId('corr-7', async () => {
      await Promise.resolve();
      expect(currentCorrelationId()).toBe('corr-7');
    });
    expect(currentCorrelationId()).toBeUndefined();
  });
});
