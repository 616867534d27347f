import { runWithCorrelationId } from './correlation';
import { StructuredLogger } from './structured-logger';

function capture(level: 'debug' | 'info' | 'warn' | 'error', format: 'json' | 'pretty' = 'json') {
  const lines: string[] = [];
  const logger = new StructuredLogger({ level, format, appName: 'settlement' }, (line) => lines.push(line));
  return { logger, lines, entries: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('StructuredLogger', () => {
  it('writes one JSON line with time, level, app, context, message and the current correlation id', () => {
    const { logger, entries } = capture('info');
    runWithCorrelationId('corr-1', () => logger.log('statement closed', 'SettlementService'));
    expect(entries()).toEqual([
      {
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        level: 'info',
        app: 'settlement',
        context: 'SettlementService',
        correlationId: 'corr-1',
        message: 'statement closed',
      },
    ]);
  });

  it('turns object messages and object parameters into extra fields', () => {
    const { logger, entries } = capture('debug');
    logger.debug({ message: 'rated', cdrId: 'c-1', amount: 12n }, { partyId: 'DEABC' }, 'Rating');
    expect(entries()[0]).toMatchObject({
      level: 'debug',
      context: 'Rating',
      message: 'rated',
      cdrId: 'c-1',
      amount: '12',
      partyId: 'DEABC',
    });
  });

  it('keeps stacks from errors and from stack-shaped strings', () => {
    const { logger, entries } = capture('info');
    const failure = new Error('boom');
    logger.error(failure, 'Filter');
    logger.error('request failed', failure.stack, 'Filter');
    const [first, second] = entries();
    expect(first).toMatchObject({ level: 'error', message: 'boom', context: 'Filter' });
    expect(second).toMatchObject({ message: 'request failed', context: 'Filter' });
    expect(String(second.stack)).toContain('at ');
  });

  it('drops entries below the configured level and maps verbose to debug and fatal above error', () => {
    const { logger, entries } = capture('warn');
    logger.debug('hidden');
    logger.verbose('hidden');
    logger.log('hidden');
    logger.warn('shown');
    logger.fatal('shown too');
    expect(entries().map((e) => e.level)).toEqual(['warn', 'fatal']);
  });

  it('does not let extra fields overwrite the reserved ones', () => {
    const { logger, entries } = capture('info');
    logger.log({ message: 'hello', level: 'debug', time: 'yesterday' });
    expect(entries()[0]).toMatchObject({ level: 'info', message: 'hello' });
    expect(entries()[0].time).not.toBe('yesterday');
  });

  it('writes a readable line in pretty format', () => {
    const { logger, lines } = capture('info', 'pretty');
    runWithCorrelationId('corr-2', () => logger.warn({ message: 'retrying', attempt: 2 }, 'Forwarder'));
    expect(lines[0]).toMatch(/^\d\d:\d\d:\d\d\.\d{3} WARN {2}\[Forwarder\] retrying \{"attempt":2\} cid=corr-2$/);
  });

  it('survives circular extra fields', () => {
    const { logger, entries } = capture('info');
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    logger.log({ message: 'odd', loop });
    expect(entries()[0]).toMatchObject({ message: 'odd', unserializable: true });
  });
});
