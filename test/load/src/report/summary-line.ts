import type { RunResult } from './result';

const ms = (v: number) => (v >= 100 ? `${Math.round(v)}` : v >= 10 ? v.toFixed(1) : v.toFixed(2));

/**
 * One line per scenario for a terminal or a CI log: what ran where, the day's rate and latency, the main operations,
 * the end-to-end lag, the raw limit it compares with, and the inventory verdict.
 */
export function summaryLine(r: Omit<RunResult, 'summary'>, reportPath?: string): string {
  const day = r.day;
  const errors = day.unexpected + r.onboarding.failures;
  const parts = [
    `${r.scenario.name} seed=${r.scenario.seed} on ${r.target.kind}`,
    `day ${day.seconds.toFixed(1)}s ${day.pacing}: ${day.operations.reduce((n, o) => n + o.count, 0)} ops ` +
      `${day.perSecond.toFixed(1)}/s p50 ${ms(day.overall.p50Ms)}ms p99 ${ms(day.overall.p99Ms)}ms ` +
      `max ${ms(day.overall.maxMs)}ms, ${errors} errors`,
  ];
  if (r.onboarding.conflictRetries > 0)
    parts.push(`onboarding retried ${r.onboarding.conflictRetries} conflicts (409)`);
  const skipped = Object.values(day.skipped).reduce((a, b) => a + b, 0);
  if (skipped > 0) {
    parts.push(
      `${skipped} steps skipped (${Object.entries(day.skipped)
        .map(([op, count]) => `${op} ${count}`)
        .join(', ')})`,
    );
  }
  for (const op of day.operations
    .filter((o) => o.count > 0)
    .sort((a, b) => b.count - a.count)
    .slice(0, 3)) {
    parts.push(`${op.operation}/${op.door} ${op.throughputPerSecond.toFixed(1)}/s p99 ${ms(op.latency.p99Ms)}ms`);
  }
  for (const lag of r.lags.toEvspTopic) {
    parts.push(`CDR→EVSP topic (${lag.door}) p50 ${ms(lag.latency.p50Ms)}ms p99 ${ms(lag.latency.p99Ms)}ms`);
  }
  const perCommit = r.rawLimits.find((l) => l.name.endsWith('.insert-per-commit'));
  if (perCommit) {
    parts.push(
      `raw ${perCommit.name} ${Math.round(perCommit.perSecond)}/s (day = ${((day.perSecond / perCommit.perSecond) * 100).toFixed(1)}%)`,
    );
  }
  const checks = r.inventory.checks;
  const ran = checks.filter((c) => !c.skipped);
  parts.push(
    `inventory ${r.inventory.passed ? 'PASS' : 'FAIL'} (${ran.filter((c) => c.passed).length}/${ran.length} checks` +
      `${checks.length > ran.length ? `, ${checks.length - ran.length} skipped` : ''})`,
  );
  if (reportPath) parts.push(reportPath);
  return parts.join(' | ');
}
