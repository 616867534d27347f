import type { OperationFigures } from '../measure/recorder';
import { ratioTables, type RunResult } from './result';
import { type ChartBand, type ChartSeries, escapeXml as esc, lineChart } from './svg-chart';

const num = (v: number, digits = 2) => (Number.isFinite(v) ? Number(v.toFixed(digits)).toLocaleString('en') : '–');

function table(headers: readonly string[], rows: readonly (readonly (string | number)[])[], numeric = true): string {
  const head = headers.map((h) => `<th>${esc(h)}</th>`).join('');
  const body = rows
    .map(
      (row) =>
        `<tr>${row.map((cell, i) => `<td${numeric && i > 0 && typeof cell === 'number' ? ' class="n"' : ''}>${typeof cell === 'number' ? num(cell) : esc(cell)}</td>`).join('')}</tr>`,
    )
    .join('');
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

function operationsTable(operations: readonly OperationFigures[]): string {
  return table(
    [
      'operation',
      'door',
      'count',
      'ops/s',
      'p50 ms',
      'p90 ms',
      'p95 ms',
      'p99 ms',
      'p99.9 ms',
      'max ms',
      'outcomes',
      'errors',
    ],
    operations.map((o) => [
      o.operation,
      o.door,
      o.count,
      o.throughputPerSecond,
      o.latency.p50Ms,
      o.latency.p90Ms,
      o.latency.p95Ms,
      o.latency.p99Ms,
      o.latency.p999Ms,
      o.latency.maxMs,
      Object.entries(o.outcomes)
        .map(([k, v]) => `${k} ${v}`)
        .join(', '),
      Object.entries(o.errors)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ') || '–',
    ]),
  );
}

function perOperation(
  operations: readonly OperationFigures[],
  value: (p: OperationFigures['series'][number]) => number,
): ChartSeries[] {
  return operations.map((o) => ({
    name: `${o.operation} (${o.door})`,
    points: o.series.map((p) => [p.t, value(p)] as const),
  }));
}

/** The run as one self-contained HTML page: tables and inline SVG charts, no script, no external file. */
export function htmlReport(r: RunResult): string {
  const day = r.day;
  const windowSeconds = 1;
  const resourceBands: ChartBand[] = r.resources.phases.map((p) => ({ from: p.from, to: p.to, label: p.name }));
  const processNames = r.resources.processes.map((p) => p.name);
  const resourceSeries = (pick: 'cpuPercent' | 'rssMiB'): ChartSeries[] => [
    ...processNames.map((name) => ({
      name,
      points: r.resources.series
        .filter((s) => s.processes[name] !== undefined)
        .map((s) => [s.t, s.processes[name][pick]] as const),
    })),
    ...(pick === 'cpuPercent'
      ? [
          {
            name: 'machine (all cores, % of one core × cores)',
            dashed: true,
            points: r.resources.series.map((s) => [s.t, s.machineCpuPercent * r.machine.cpus] as const),
          },
        ]
      : []),
  ];
  const charts = [
    lineChart({
      title: 'Day: throughput per operation',
      xLabel: 'seconds since the day started',
      yLabel: 'completions per second',
      series: perOperation(day.operations, (p) => p.count / windowSeconds),
    }),
    lineChart({
      title: 'Day: p50 latency per operation (from the intended send time)',
      xLabel: 'seconds since the day started',
      yLabel: 'ms',
      logY: true,
      series: perOperation(day.operations, (p) => p.p50Ms),
    }),
    lineChart({
      title: 'Day: p99 latency per operation (from the intended send time)',
      xLabel: 'seconds since the day started',
      yLabel: 'ms',
      logY: true,
      series: perOperation(day.operations, (p) => p.p99Ms),
    }),
    lineChart({
      title: 'CDR → EVSP outbound topic lag (p50 solid, p99 dashed), by send time',
      xLabel: 'seconds since the day started',
      yLabel: 'ms',
      logY: true,
      series: r.lags.toEvspTopic.flatMap((lag) => [
        { name: `${lag.door} p50`, points: lag.series.map((p) => [p.t, p.p50Ms] as const) },
        { name: `${lag.door} p99`, dashed: true, points: lag.series.map((p) => [p.t, p.p99Ms] as const) },
      ]),
    }),
    lineChart({
      title: 'Onboarding: throughput per operation',
      xLabel: 'seconds since onboarding started',
      yLabel: 'completions per second',
      series: perOperation(r.onboarding.operations, (p) => p.count / windowSeconds),
    }),
    lineChart({
      title: 'CPU per process (% of one core)',
      xLabel: 'seconds since the target was up',
      yLabel: '% of one core',
      series: resourceSeries('cpuPercent'),
      bands: resourceBands,
    }),
    lineChart({
      title: 'Resident memory per process',
      xLabel: 'seconds since the target was up',
      yLabel: 'MiB',
      series: resourceSeries('rssMiB'),
      bands: resourceBands,
    }),
  ];
  const inventoryRows = r.inventory.checks.map((c) => [
    c.skipped ? 'SKIPPED' : c.passed ? 'PASS' : 'FAIL',
    c.name,
    c.description,
    c.skipped ? c.skipped : `${c.found} of ${c.expected}`,
    c.problems.length > 0 ? `${c.problemCount}: ${c.problems.slice(0, 5).join('; ')}` : '–',
  ]);
  const lagRows = [
    ...r.lags.toEvspTopic.map((l) => [
      `CDR → EVSP topic (${l.door})`,
      l.latency.count,
      l.latency.p50Ms,
      l.latency.p95Ms,
      l.latency.p99Ms,
      l.latency.maxMs,
    ]),
    [
      'CDR → first listed by the EVSP pull',
      r.lags.toEvspPull.count,
      r.lags.toEvspPull.p50Ms,
      r.lags.toEvspPull.p95Ms,
      r.lags.toEvspPull.p99Ms,
      r.lags.toEvspPull.maxMs,
    ],
  ];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Load run: ${esc(r.scenario.name)} on ${esc(r.target.kind)}</title>
<style>
body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;margin:24px;color:#222;max-width:1200px}
h1{font-size:22px}h2{font-size:18px;margin-top:28px;border-bottom:1px solid #ddd}
table{border-collapse:collapse;font-size:12px;margin:8px 0}td,th{border:1px solid #ddd;padding:3px 6px;vertical-align:top}
th{background:#f5f5f5;text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums}
.pass{color:#1a7f37;font-weight:bold}.fail{color:#c62828;font-weight:bold}code{background:#f5f5f5;padding:1px 4px}
figure{margin:12px 0}
</style></head><body>
<h1>Load run: ${esc(r.scenario.name)} (seed ${r.scenario.seed}) on ${esc(r.target.kind)} — <span class="${r.passed ? 'pass' : 'fail'}">${r.passed ? 'PASSED' : 'FAILED'}</span></h1>
<p><code>${esc(r.summary)}</code></p>
<h2>Run</h2>
${table(
  ['', ''],
  [
    ['command', r.command],
    ['target', r.target.description],
    ['source', `${r.source.commit}${r.source.dirtyFiles > 0 ? ` with ${r.source.dirtyFiles} uncommitted files` : ''}`],
    ['started', r.startedAt],
    ['finished', `${r.finishedAt} (${num(r.seconds, 1)} s)`],
    [
      'machine',
      `${r.machine.cpus} × ${r.machine.cpuModel}, ${r.machine.memoryGiB} GiB, ${r.machine.platform}, node ${r.machine.node}`,
    ],
    [
      'load average (1, 5, 15 min)',
      `start ${r.resources.machine.loadAverageStart.join(', ')}; end ${r.resources.machine.loadAverageEnd.join(', ')}`,
    ],
    [
      'machine CPU during the run',
      `mean ${r.resources.machine.meanCpuPercent} %, max ${r.resources.machine.maxCpuPercent} % of all cores`,
    ],
    [
      'pacing',
      `${day.pacing}${day.daySeconds ? `, 24 h in ${num(day.daySeconds, 1)} s, planned mean ${num(day.plannedPerSecond ?? 0, 1)} ops/s` : ''}, ${r.connections} HTTP connections`,
    ],
    [
      'world',
      Object.entries(r.scenario.counts)
        .map(([k, v]) => `${v.toLocaleString('en')} ${k}`)
        .join(', '),
    ],
    [
      'planned steps',
      Object.entries(r.scenario.plannedByOperation)
        .map(([k, v]) => `${k} ${v}`)
        .join(', '),
    ],
    [
      'skipped (dependency failed)',
      Object.entries(day.skipped)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ') || 'none',
    ],
    ['late dispatches (harness behind schedule > 100 ms)', day.lateDispatches],
  ],
  false,
)}
<h2>Inventory</h2>
${table(['verdict', 'check', 'what it proves', 'found', 'problems'], inventoryRows, false)}
<p>Drain after the day: ${num(r.inventory.drain.seconds, 1)} s, ${r.inventory.drain.drainPulls} pulls, ${r.inventory.drain.complete ? 'everything arrived' : 'timed out waiting'}.</p>
<h2>The day</h2>
<p>${day.operations.reduce((n, o) => n + o.count, 0).toLocaleString('en')} operations in ${num(day.seconds, 1)} s: ${num(day.perSecond, 1)} ops/s; all together p50 ${num(day.overall.p50Ms)} ms, p99 ${num(day.overall.p99Ms)} ms, max ${num(day.overall.maxMs)} ms. Latency counts from the intended send time (no coordinated omission).</p>
${operationsTable(day.operations)}
<h2>End-to-end lag</h2>
${table(['path', 'count', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'], lagRows)}
<h2>Raw limits (same run, same servers, same payloads) and ratios</h2>
${table(
  ['raw limit', 'what', 'per second', 'p50 ms', 'p99 ms', 'payload bytes', 'seconds'],
  r.rawLimits.map((l) => [
    l.name,
    l.description,
    l.perSecond,
    l.latency.p50Ms,
    l.latency.p99Ms,
    l.payloadBytes,
    l.seconds,
  ]),
)}
${table(['throughput', 'ops/s', 'of one-row commits/s', 'of batched rows/s', 'of Kafka batched msgs/s'], ratioTables(r).throughput)}
${table(['latency', 'p50 ms', 'p50 vs raw', 'p99 ms', 'p99 vs raw', 'raw limit'], ratioTables(r).latency)}
<h2>Charts</h2>
${charts.map((c) => `<figure>${c}</figure>`).join('\n')}
<h2>Onboarding</h2>
<p>${num(r.onboarding.seconds, 1)} s, ${num(r.onboarding.perSecond, 1)} requests/s; then ${num(r.onboarding.settleSeconds, 1)} s until the registry's news had reached the other contexts. ${r.onboarding.conflictRetries} attempts were refused with 409 CONCURRENT_MODIFICATION and retried (the API asks clients to); ${r.onboarding.failures} requests failed for good.</p>
${operationsTable(r.onboarding.operations)}
<h2>Processes</h2>
${table(
  ['process', 'mean CPU % of one core', 'max CPU %', 'CPU seconds', 'max RSS MiB'],
  r.resources.processes.map((p) => [p.name, p.meanCpuPercent, p.maxCpuPercent, p.cpuSeconds, p.maxRssMiB]),
)}
<h2>Scenario parameters</h2>
<pre>${esc(JSON.stringify(r.scenario.parameters, null, 2))}</pre>
</body></html>
`;
}
