import { ratioTables, type RunResult } from './result';

const n = (v: number, digits = 1) => (Number.isFinite(v) ? Number(v.toFixed(digits)).toLocaleString('en') : '–');
const row = (cells: readonly (string | number)[]) => `| ${cells.join(' | ')} |`;

/**
 * The run as a section for BENCHMARKS.md: when, where, the exact command, the figures, the raw limits and the ratios.
 * The notes (what the numbers mean on this machine) are the author's to add.
 */
export function markdownSection(r: RunResult): string {
  const lines: string[] = [];
  const day = r.day;
  lines.push(
    `### ${r.scenario.name} on ${r.target.kind}, ${r.startedAt.slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `- command: \`${r.command}\``,
    `- source: ${r.source.commit}${r.source.dirtyFiles > 0 ? ` with ${r.source.dirtyFiles} uncommitted files` : ''}`,
    `- target: ${r.target.description}`,
    `- machine: ${r.machine.cpus} × ${r.machine.cpuModel}, ${r.machine.memoryGiB} GiB, node ${r.machine.node}; ` +
      `load average at start ${r.resources.machine.loadAverageStart.join(' / ')}, at end ` +
      `${r.resources.machine.loadAverageEnd.join(' / ')}; machine CPU during the run ${r.resources.machine.meanCpuPercent} % ` +
      `(max ${r.resources.machine.maxCpuPercent} %)`,
    `- world: ${Object.entries(r.scenario.counts)
      .map(([k, v]) => `${v.toLocaleString('en')} ${k}`)
      .join(', ')}; ${r.scenario.plannedSteps.toLocaleString('en')} planned steps`,
    `- onboarding: ${n(r.onboarding.seconds)} s at ${n(r.onboarding.perSecond)} requests/s (p50 ${n(r.onboarding.overall.p50Ms, 2)} ms, p99 ${n(r.onboarding.overall.p99Ms, 2)} ms), then ${n(r.onboarding.settleSeconds, 2)} s until the other contexts had the registry's news; ${r.onboarding.conflictRetries} attempts refused 409 CONCURRENT_MODIFICATION and retried, ${r.onboarding.failures} failed`,
    `- day: ${day.pacing}; ${n(day.seconds)} s, ${day.operations.reduce((s, o) => s + o.count, 0).toLocaleString('en')} operations, ` +
      `${n(day.perSecond)} ops/s, p50 ${n(day.overall.p50Ms, 2)} ms, p99 ${n(day.overall.p99Ms, 2)} ms, max ${n(day.overall.maxMs, 2)} ms; ` +
      `${day.unexpected} unplanned outcomes; ${day.lateDispatches} late dispatches`,
    `- inventory: **${r.inventory.passed ? 'PASS' : 'FAIL'}** (${r.inventory.checks
      .map(
        (c) => `${c.name} ${c.skipped ? 'skipped' : c.passed ? `${c.found}/${c.expected}` : `FAIL ${c.problemCount}`}`,
      )
      .join(', ')})`,
    '',
    row(['operation', 'door', 'count', 'ops/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'errors']),
    row(['---', '---', '---:', '---:', '---:', '---:', '---:', '---:', '---']),
    ...day.operations.map((o) =>
      row([
        o.operation,
        o.door,
        o.count,
        n(o.throughputPerSecond),
        n(o.latency.p50Ms, 2),
        n(o.latency.p95Ms, 2),
        n(o.latency.p99Ms, 2),
        n(o.latency.maxMs, 2),
        Object.entries(o.errors)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ') || '–',
      ]),
    ),
    ...r.lags.toEvspTopic.map((l) =>
      row([
        'CDR → EVSP topic lag',
        l.door,
        l.latency.count,
        '',
        n(l.latency.p50Ms, 2),
        n(l.latency.p95Ms, 2),
        n(l.latency.p99Ms, 2),
        n(l.latency.maxMs, 2),
        '',
      ]),
    ),
    '',
    row(['raw limit', 'what', 'per second', 'p50 ms', 'p99 ms']),
    row(['---', '---', '---:', '---:', '---:']),
    ...r.rawLimits.map((l) =>
      row([l.name, l.description, n(l.perSecond), n(l.latency.p50Ms, 2), n(l.latency.p99Ms, 2)]),
    ),
    '',
    row(['throughput', 'ops/s', 'of one-row commits/s', 'of batched rows/s', 'of Kafka batched msgs/s']),
    row(['---', '---:', '---:', '---:', '---:']),
    ...ratioTables(r).throughput.map((cells) => row(cells.map((c) => (typeof c === 'number' ? n(c) : c)))),
    '',
    row(['latency', 'p50 ms', 'p50 vs raw', 'p99 ms', 'p99 vs raw', 'raw limit']),
    row(['---', '---:', '---:', '---:', '---:', '---']),
    ...ratioTables(r).latency.map((cells) => row(cells.map((c) => (typeof c === 'number' ? n(c, 2) : c)))),
    '',
    `Processes: ${r.resources.processes
      .map(
        (p) => `${p.name} mean ${p.meanCpuPercent} % of a core (max ${p.maxCpuPercent} %), max RSS ${p.maxRssMiB} MiB`,
      )
      .join('; ')}.`,
    '',
  );
  return lines.join('\n');
}
