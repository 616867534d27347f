import { PRESETS } from '../scenario/presets';
import { type ScenarioParameters, validateParameters } from '../scenario/scenario-parameters';
import type { TargetKind } from '../targets/target';

export interface RunOptions {
  scenarios: ScenarioParameters[];
  target: TargetKind;
  /** `undefined`: the scenario's own day length; a number: that mean rate (ops/s); 'max': as fast as possible. */
  rate?: number | 'max';
  connections: number;
  concurrency: number;
  onboardingConcurrency: number;
  rawSeconds?: number;
  drainTimeoutSeconds: number;
  outDir: string;
  keep: boolean;
  logLevel: string;
  /** server target: where to create the databases, which brokers to use. */
  databaseUrl: string;
  brokers: string[];
  /** remote target. */
  remote?: {
    urls: { registry: string; authorization: string; cdrs: string };
    operatorKey: string;
    /** Only what --brokers says: a deployment's Kafka is never assumed. */
    brokers?: string[];
    topicPrefix?: string;
    databaseUrls?: { registry: string; authorization: string; cdrs: string };
    scratchDatabaseUrl?: string;
  };
}

export class UsageError extends Error {}

export const USAGE = `npm run load -- [options]            (test/load/README.md)

  --scenario NAME[,NAME]    ${Object.keys(PRESETS).join(' | ')} (default smoke); several run one after the other
  --target KIND             embedded (default: apps/clearing-house in-process on PGlite)
                            server   (the three apps as processes, fresh PostgreSQL databases, Kafka)
                            remote   (a running deployment: --url or --registry-url/--authorization-url/--cdrs-url)
  --seed N                  the scenario's seed (default 1); the same seed plans the same day
  --rate N | max            mean ops/s of the day (open model, schedule-based), or as fast as possible (closed loop)
  --day-seconds S           wall-clock seconds for the 24 h (default: the scenario's)
  --sessions N              charging sessions of the day
  --set KEY=VALUE           any scenario parameter, e.g. --set cpos=10 --set day.cdrKafkaShare=0.5
  --connections N           HTTP keep-alive connections per door (default 16)
  --concurrency N           steps at once with --rate max (default 2 x connections)
  --onboarding-concurrency N  requests at once while onboarding (default 8)
  --raw-seconds S           time per raw-limit measurement (default 2 for smoke, 10 otherwise)
  --drain-timeout S         how long to wait after the day for every CDR to arrive (default 60)
  --out DIR                 where results go (default .data/load); each run gets its own folder
  --keep                    keep databases, topics and PGlite data
  --log-level LEVEL         the apps' LOG_LEVEL (default warn)
  server:  --database-url URL (default $TEST_DATABASE_URL, $DATABASE_URL or postgres://postgres@127.0.0.1:5432/test)
           --brokers H:P[,H:P] (default $KAFKA_BROKERS or 127.0.0.1:9092; started with deploy/local/kafka-up if down)
  remote:  --url URL | --registry-url URL --authorization-url URL --cdrs-url URL, --operator-key KEY,
           [--brokers …] [--topic-prefix P] [--registry-db URL --authorization-db URL --cdrs-db URL] [--scratch-db URL]
  --render RESULT.json      rewrite report.html and benchmark.md of a finished run from its result.json
  --run FILE.ts [ARGS]      run a TypeScript script with the same loader (benchmarks in test/load/*)
`;

type Env = Readonly<Record<string, string | undefined>>;

/** Parses the command line (pure, so that every rule is tested). */
export function parseOptions(argv: readonly string[], env: Env = process.env): RunOptions {
  const flags = new Map<string, string[]>();
  const booleans = new Set(['--keep']);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) throw new UsageError(`unexpected argument ${JSON.stringify(arg)}`);
    const eq = arg.indexOf('=');
    const [name, inline] =
      eq > 0 && !arg.startsWith('--set') ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
    if (booleans.has(name)) {
      flags.set(name, ['true']);
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined) throw new UsageError(`${name} needs a value`);
    flags.set(name, [...(flags.get(name) ?? []), value]);
  }
  const known = [
    '--scenario',
    '--target',
    '--seed',
    '--rate',
    '--day-seconds',
    '--sessions',
    '--set',
    '--connections',
    '--concurrency',
    '--onboarding-concurrency',
    '--raw-seconds',
    '--drain-timeout',
    '--out',
    '--keep',
    '--log-level',
    '--database-url',
    '--brokers',
    '--url',
    '--registry-url',
    '--authorization-url',
    '--cdrs-url',
    '--operator-key',
    '--topic-prefix',
    '--registry-db',
    '--authorization-db',
    '--cdrs-db',
    '--scratch-db',
  ];
  for (const name of flags.keys()) if (!known.includes(name)) throw new UsageError(`unknown option ${name}`);
  const one = (name: string) => flags.get(name)?.at(-1);
  const integer = (name: string, fallback: number, min = 1) => {
    const raw = one(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min) throw new UsageError(`${name} must be an integer >= ${min}`);
    return n;
  };
  const positive = (name: string) => {
    const raw = one(name);
    if (raw === undefined) return undefined;
    const n = Number(raw);
    if (!(n > 0)) throw new UsageError(`${name} must be a positive number`);
    return n;
  };

  const target = (one('--target') ?? 'embedded') as TargetKind;
  if (!['embedded', 'server', 'remote'].includes(target))
    throw new UsageError(`--target must be embedded, server or remote`);
  const seed = integer('--seed', 1, 0);
  const sessions = one('--sessions');
  const daySeconds = one('--day-seconds');
  const overrides = [
    ...(daySeconds === undefined ? [] : [`day.seconds=${daySeconds}`]),
    ...(sessions === undefined ? [] : [`day.sessions=${sessions}`]),
    ...(flags.get('--set') ?? []),
  ];
  const scenarios = (one('--scenario') ?? 'smoke').split(',').map((name) => {
    const preset = PRESETS[name.trim()];
    if (!preset) throw new UsageError(`unknown scenario ${name}; known: ${Object.keys(PRESETS).join(', ')}`);
    const parameters: ScenarioParameters = structuredClone({ ...preset, seed });
    for (const assignment of overrides) applyOverride(parameters, assignment);
    const problems = validateParameters(parameters);
    if (problems.length > 0) throw new UsageError(`scenario ${parameters.name}: ${problems.join('; ')}`);
    return parameters;
  });

  const rawRate = one('--rate');
  let rate: number | 'max' | undefined;
  if (rawRate === 'max') rate = 'max';
  else if (rawRate !== undefined) rate = positive('--rate');

  const connections = integer('--connections', 16);
  const remote = target === 'remote' ? remoteOptions(one) : undefined;
  return {
    scenarios,
    target,
    rate,
    connections,
    concurrency: integer('--concurrency', 2 * connections),
    onboardingConcurrency: integer('--onboarding-concurrency', 8),
    rawSeconds: positive('--raw-seconds'),
    drainTimeoutSeconds: positive('--drain-timeout') ?? 60,
    outDir: one('--out') ?? '.data/load',
    keep: flags.has('--keep'),
    logLevel: one('--log-level') ?? 'warn',
    databaseUrl:
      one('--database-url') ?? env.TEST_DATABASE_URL ?? env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    brokers: (one('--brokers') ?? env.KAFKA_BROKERS ?? '127.0.0.1:9092')
      .split(',')
      .map((b) => b.trim())
      .filter((b) => b !== ''),
    remote,
  };
}

function remoteOptions(one: (name: string) => string | undefined): RunOptions['remote'] {
  const base = one('--url');
  const registry = one('--registry-url') ?? base;
  const authorization = one('--authorization-url') ?? base;
  const cdrs = one('--cdrs-url') ?? base;
  if (!registry || !authorization || !cdrs) {
    throw new UsageError('--target remote needs --url, or --registry-url, --authorization-url and --cdrs-url');
  }
  const operatorKey = one('--operator-key');
  if (!operatorKey) throw new UsageError('--target remote needs --operator-key (the marketplace operator key)');
  const dbs = [one('--registry-db'), one('--authorization-db'), one('--cdrs-db')];
  if (dbs.some((d) => d !== undefined) && dbs.some((d) => d === undefined)) {
    throw new UsageError('give all of --registry-db, --authorization-db and --cdrs-db, or none');
  }
  const trim = (url: string) => url.replace(/\/+$/, '');
  const brokers = one('--brokers')
    ?.split(',')
    .map((b) => b.trim())
    .filter((b) => b !== '');
  return {
    urls: { registry: trim(registry), authorization: trim(authorization), cdrs: trim(cdrs) },
    operatorKey,
    brokers: brokers?.length ? brokers : undefined,
    topicPrefix: one('--topic-prefix'),
    databaseUrls: dbs[0] ? { registry: dbs[0], authorization: dbs[1]!, cdrs: dbs[2]! } : undefined,
    scratchDatabaseUrl: one('--scratch-db'),
  };
}

/** Sets one parameter by its dotted path: `cpos=10`, `day.refusals.noAgreement=0.1`. Only existing numbers. */
export function applyOverride(parameters: ScenarioParameters, assignment: string): void {
  const eq = assignment.indexOf('=');
  if (eq <= 0) throw new UsageError(`--set needs KEY=VALUE, got ${JSON.stringify(assignment)}`);
  const path = assignment.slice(0, eq).split('.');
  const value = Number(assignment.slice(eq + 1));
  if (!Number.isFinite(value))
    throw new UsageError(`--set ${path.join('.')}: ${assignment.slice(eq + 1)} is not a number`);
  let holder: Record<string, unknown> = parameters as unknown as Record<string, unknown>;
  for (const key of path.slice(0, -1)) {
    const next = holder[key];
    if (typeof next !== 'object' || next === null) throw new UsageError(`--set: no parameter ${path.join('.')}`);
    holder = next as Record<string, unknown>;
  }
  const last = path[path.length - 1];
  if (typeof holder[last] !== 'number') throw new UsageError(`--set: no numeric parameter ${path.join('.')}`);
  holder[last] = value;
}
