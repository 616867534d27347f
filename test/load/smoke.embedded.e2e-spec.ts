import { existsSync, mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { parseOptions } from './src/run/options';
import { runScenario } from './src/run/run-scenario';

/**
 * The harness end to end on the embedded default, tiny: the whole chain of `npm run load -- --scenario smoke` (plan,
 * embedded clearing house, raw limits, onboarding, the day over REST and the in-process topic door, drain, inventory,
 * JSON and HTML report) must pass its own inventory (IEC 63119-2 UC3-1, UC3-9: every decision stored, every accepted
 * CDR delivered and listed exactly once).
 */
describe('load harness: smoke scenario on the embedded clearing house', () => {
  const out = mkdtempSync(join(tmpdir(), 'load-e2e-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('runs a tiny day and its inventory passes', async () => {
    const options = parseOptions(
      [
        '--scenario',
        'smoke',
        '--seed',
        '7',
        '--sessions',
        '60',
        '--day-seconds',
        '5',
        '--set',
        'cpos=2',
        '--set',
        'evsps=3',
        '--set',
        'contractsPerEvsp=8',
        '--set',
        'tokensPerContract=1',
        '--set',
        'day.pullIntervalMinutes=90',
        '--raw-seconds',
        '0.4',
        '--drain-timeout',
        '30',
        '--out',
        out,
      ],
      {},
    );
    const log: string[] = [];
    const { result, directory } = await runScenario(options.scenarios[0], options, (m) => log.push(m), 'e2e');

    expect(result.inventory.checks.filter((c) => !c.passed)).toEqual([]);
    expect(result.inventory.checks.filter((c) => c.skipped)).toEqual([]);
    expect(result.passed).toBe(true);
    const ops = Object.fromEntries(result.day.operations.map((o) => [`${o.operation}/${o.door}`, o]));
    expect(ops['authorization.request/http'].count).toBe(60);
    expect(ops['cdr.submit/http'].count + ops['cdr.submit/bus'].count).toBe(
      result.scenario.plannedByOperation['cdr.submit'],
    );
    expect(ops['authorization.request/http'].outcomes['DENIED:UNKNOWN_TOKEN']).toBeGreaterThan(0);
    expect(result.lags.toEvspTopic.map((l) => l.door).sort()).toEqual(['bus', 'http']);
    expect(result.rawLimits.map((l) => l.name)).toEqual(['pglite.batched-insert', 'pglite.insert-per-commit']);
    expect(result.ratios.length).toBeGreaterThan(0);
    expect(result.summary).toMatch(/^smoke seed=7 on embedded .* inventory PASS \(6\/6 checks\)$/);

    const html = readFileSync(join(directory, 'report.html'), 'utf8');
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/<script/i);
    expect(JSON.parse(readFileSync(join(directory, 'result.json'), 'utf8')).summary).toBe(result.summary);
    expect(existsSync(join(directory, 'summary.txt'))).toBe(true);
  }, 60_000);
});
