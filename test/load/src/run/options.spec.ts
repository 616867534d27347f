import { applyOverride, parseOptions, UsageError } from './options';
import { PRESETS } from '../scenario/presets';

describe('command-line options of npm run load', () => {
  it('defaults to the smoke scenario against the embedded clearing house with seed 1', () => {
    const options = parseOptions([], {});
    expect(options).toMatchObject({
      target: 'embedded',
      connections: 16,
      concurrency: 32,
      keep: false,
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/test',
      brokers: ['127.0.0.1:9092'],
    });
    expect(options.scenarios.map((s) => [s.name, s.seed])).toEqual([['smoke', 1]]);
    expect(options.rate).toBeUndefined();
  });

  it('reads the server infrastructure from the environment the tests use, options first', () => {
    const env = { DATABASE_URL: 'postgres://db:5432/x', KAFKA_BROKERS: 'k1:9092, k2:9092' };
    expect(parseOptions(['--target', 'server'], env)).toMatchObject({
      databaseUrl: 'postgres://db:5432/x',
      brokers: ['k1:9092', 'k2:9092'],
    });
    expect(parseOptions(['--brokers=b:1'], env).brokers).toEqual(['b:1']);
  });

  it('applies scenario overrides: seed, sessions, day length, any numeric parameter by path', () => {
    const [s] = parseOptions(
      [
        '--scenario',
        'reference',
        '--seed',
        '9',
        '--sessions',
        '500',
        '--day-seconds',
        '30',
        '--set',
        'cpos=4',
        '--set',
        'day.refusals.noAgreement=0.2',
      ],
      {},
    ).scenarios;
    expect(s).toMatchObject({ name: 'reference', seed: 9, cpos: 4, day: { sessions: 500, seconds: 30 } });
    expect(s.day.refusals.noAgreement).toBe(0.2);
    expect(PRESETS.reference.cpos).toBe(20);
  });

  it('runs several scenarios in turn, each with the same overrides', () => {
    const options = parseOptions(['--scenario', 'smoke,reference', '--sessions', '10'], {});
    expect(options.scenarios.map((s) => [s.name, s.day.sessions])).toEqual([
      ['smoke', 10],
      ['reference', 10],
    ]);
  });

  it('takes a mean rate or max', () => {
    expect(parseOptions(['--rate', '250'], {}).rate).toBe(250);
    expect(parseOptions(['--rate', 'max', '--connections', '4'], {})).toMatchObject({ rate: 'max', concurrency: 8 });
  });

  it('needs URLs and the operator key for a remote target', () => {
    expect(() => parseOptions(['--target', 'remote'], {})).toThrow(/--url/);
    expect(() => parseOptions(['--target', 'remote', '--url', 'http://h:3000/'], {})).toThrow(/--operator-key/);
    const remote = parseOptions(['--target', 'remote', '--url', 'http://h:3000/', '--operator-key', 'k'], {}).remote;
    expect(remote?.urls).toEqual({ registry: 'http://h:3000', authorization: 'http://h:3000', cdrs: 'http://h:3000' });
    expect(remote?.brokers).toBeUndefined();
    const withKafka = parseOptions(
      ['--target', 'remote', '--url', 'http://h', '--operator-key', 'k', '--brokers', 'b1:9092,b2:9092'],
      { KAFKA_BROKERS: 'local:9092' },
    ).remote;
    expect(withKafka?.brokers).toEqual(['b1:9092', 'b2:9092']);
  });

  it.each([
    [['--scenario', 'huge'], /unknown scenario huge/],
    [['--target', 'cloud'], /--target/],
    [['--seed'], /needs a value/],
    [['--frobnicate', '1'], /unknown option/],
    [['--set', 'day.nothing=1'], /no numeric parameter day.nothing/],
    [['--set', 'cpos=many'], /not a number/],
    [['--set', 'day.refusals.unknownToken=0.9', '--set', 'day.refusals.noAgreement=0.5'], /add up to more than 1/],
    [['--rate', '-3'], /positive/],
    [['stray'], /unexpected argument/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseOptions(argv, {})).toThrow(UsageError);
    expect(() => parseOptions(argv, {})).toThrow(message);
  });

  it('changes only numbers that exist', () => {
    const p = structuredClone({ ...PRESETS.smoke, seed: 1 });
    applyOverride(p, 'day.pullLimit=50');
    expect(p.day.pullLimit).toBe(50);
    expect(() => applyOverride(p, 'name=3')).toThrow(/no numeric parameter name/);
  });
});
