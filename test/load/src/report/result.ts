import type { InventoryReport } from '../inventory/inventory-check';
import type { SettleOutcome } from '../inventory/evidence';
import type { RawLimit } from '../measure/raw-limits';
import type { LatencyFigures, OperationFigures, SeriesPoint } from '../measure/recorder';
import type { ResourceFigures } from '../measure/resources';
import type { ScenarioParameters } from '../scenario/scenario-parameters';
import type { TargetKind } from '../targets/target';

export interface PhaseFigures {
  seconds: number;
  operations: OperationFigures[];
  overall: LatencyFigures;
  /** Completions per second over the phase. */
  perSecond: number;
  unexpected: number;
}

export interface DayFigures extends PhaseFigures {
  pacing: string;
  /** Wall-clock seconds the 24 h were mapped onto (schedule pacing). */
  daySeconds?: number;
  /** The planned mean rate (schedule pacing). */
  plannedPerSecond?: number;
  skipped: Record<string, number>;
  lateDispatches: number;
}

export interface LagFigures {
  /** CDR handed to a door → its CdrForwarded on the EVSP's outbound topic, per door. */
  toEvspTopic: { door: string; latency: LatencyFigures; series: SeriesPoint[] }[];
  /** CDR handed to a door → first listed by the EVSP's pull (includes up to one poll interval). */
  toEvspPull: LatencyFigures;
}

export interface RatioRow {
  figure: string;
  value: number;
  unit: string;
  raw: string;
  rawValue: number;
  /** value / rawValue. */
  ratio: number;
}

export interface RunResult {
  harness: { name: string; resultVersion: 1 };
  command: string;
  scenario: {
    name: string;
    seed: number;
    parameters: ScenarioParameters;
    counts: { partners: number; agreements: number; evses: number; contracts: number; tokens: number };
    plannedSteps: number;
    plannedByOperation: Record<string, number>;
  };
  target: { kind: TargetKind; description: string };
  /** The code measured: the repository's commit and how many files differed from it. */
  source: { commit: string; dirtyFiles: number };
  machine: {
    hostname: string;
    cpus: number;
    cpuModel: string;
    memoryGiB: number;
    node: string;
    platform: string;
  };
  startedAt: string;
  finishedAt: string;
  seconds: number;
  connections: number;
  onboarding: PhaseFigures & {
    settleSeconds: number;
    /** Requests that failed even after retries. */
    failures: number;
    /** Attempts refused with 409 CONCURRENT_MODIFICATION, then retried. */
    conflictRetries: number;
  };
  day: DayFigures;
  lags: LagFigures;
  resources: ResourceFigures & { phases: { name: string; from: number; to: number }[] };
  rawLimits: RawLimit[];
  ratios: RatioRow[];
  inventory: InventoryReport & { drain: SettleOutcome };
  passed: boolean;
  summary: string;
}

/**
 * Every figure of the day beside what the infrastructure did with the same payloads in the same run: throughput as
 * a share of the raw write rates, latency and lag as multiples of a raw commit or produce.
 */
export function ratiosOf(day: DayFigures, lags: LagFigures, raw: readonly RawLimit[]): RatioRow[] {
  const rows: RatioRow[] = [];
  const find = (suffix: string) => raw.find((r) => r.name.endsWith(suffix));
  const batched = find('.batched-insert');
  const perCommit = find('.insert-per-commit');
  const kafkaBatched = raw.find((r) => r.name === 'kafka.produce-batched');
  const kafkaSingle = raw.find((r) => r.name === 'kafka.produce-single');
  const add = (figure: string, value: number, unit: string, limit: RawLimit | undefined, rawValue?: number) => {
    if (!limit) return;
    const base = rawValue ?? limit.perSecond;
    if (!(base > 0)) return;
    rows.push({ figure, value, unit, raw: limit.name, rawValue: base, ratio: Number((value / base).toPrecision(4)) });
  };
  add('day: all operations', day.perSecond, 'ops/s', batched);
  add('day: all operations', day.perSecond, 'ops/s', perCommit);
  for (const op of day.operations) {
    const label = `${op.operation} (${op.door})`;
    add(`${label} throughput`, op.throughputPerSecond, 'ops/s', perCommit);
    if (op.door === 'kafka') add(`${label} throughput`, op.throughputPerSecond, 'ops/s', kafkaBatched);
    add(`${label} p50 latency`, op.latency.p50Ms, 'ms', perCommit, perCommit?.latency.p50Ms);
    add(`${label} p99 latency`, op.latency.p99Ms, 'ms', perCommit, perCommit?.latency.p99Ms);
  }
  for (const lag of lags.toEvspTopic) {
    add(`CDR → EVSP topic lag p50 (${lag.door})`, lag.latency.p50Ms, 'ms', kafkaSingle, kafkaSingle?.latency.p50Ms);
    add(`CDR → EVSP topic lag p50 (${lag.door})`, lag.latency.p50Ms, 'ms', perCommit, perCommit?.latency.p50Ms);
  }
  return rows;
}

export interface RatioTables {
  /** [figure, ops/s, % of one-row commits/s, % of batched rows/s, % of Kafka batched messages/s] */
  throughput: (string | number)[][];
  /** [figure, p50 ms, p50 ÷ raw p50, p99 ms, p99 ÷ raw p99, raw used] */
  latency: (string | number)[][];
}

const pct = (value: number, base: number | undefined) =>
  base && base > 0 ? `${((value / base) * 100).toPrecision(3)} %` : '–';
const times = (value: number, base: number | undefined) => {
  if (!base || !(base > 0)) return '–';
  const ratio = value / base;
  return `× ${ratio >= 1000 ? Math.round(ratio).toLocaleString('en') : ratio.toPrecision(3)}`;
};

/** The ratios as two compact tables for people (the JSON keeps one row per figure and raw limit). */
export function ratioTables(r: Pick<RunResult, 'day' | 'lags' | 'rawLimits'>): RatioTables {
  const find = (suffix: string) => r.rawLimits.find((l) => l.name.endsWith(suffix));
  const perCommit = find('.insert-per-commit');
  const batched = find('.batched-insert');
  const kafkaBatched = r.rawLimits.find((l) => l.name === 'kafka.produce-batched');
  const kafkaSingle = r.rawLimits.find((l) => l.name === 'kafka.produce-single');
  const throughput = [
    [
      'day, all operations',
      r.day.perSecond,
      pct(r.day.perSecond, perCommit?.perSecond),
      pct(r.day.perSecond, batched?.perSecond),
      '–',
    ],
    ...r.day.operations.map((o) => [
      `${o.operation} (${o.door})`,
      o.throughputPerSecond,
      pct(o.throughputPerSecond, perCommit?.perSecond),
      pct(o.throughputPerSecond, batched?.perSecond),
      o.door === 'kafka' ? pct(o.throughputPerSecond, kafkaBatched?.perSecond) : '–',
    ]),
  ];
  const latency = [
    ...r.day.operations.map((o) => [
      `${o.operation} (${o.door})`,
      o.latency.p50Ms,
      times(o.latency.p50Ms, perCommit?.latency.p50Ms),
      o.latency.p99Ms,
      times(o.latency.p99Ms, perCommit?.latency.p99Ms),
      perCommit?.name ?? '–',
    ]),
    ...r.lags.toEvspTopic.map((l) => [
      `CDR → EVSP topic lag (${l.door})`,
      l.latency.p50Ms,
      times(l.latency.p50Ms, kafkaSingle?.latency.p50Ms ?? perCommit?.latency.p50Ms),
      l.latency.p99Ms,
      times(l.latency.p99Ms, kafkaSingle?.latency.p99Ms ?? perCommit?.latency.p99Ms),
      kafkaSingle?.name ?? perCommit?.name ?? '–',
    ]),
  ];
  return { throughput, latency };
}
