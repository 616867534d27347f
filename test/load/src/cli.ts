import { readFileSync, writeFileSync } from 'fs';
import { dirname, join } from 'path';
import { htmlReport } from './report/html-report';
import { markdownSection } from './report/markdown-report';
import type { RunResult } from './report/result';
import { parseOptions, UsageError, USAGE } from './run/options';
import { runScenario } from './run/run-scenario';

/**
 * `npm run load -- …` (scripts/load.js): runs each requested scenario against the target and prints one summary
 * line per scenario. Exit code 0 when every run passed (inventory complete, no unexpected outcome), 1 otherwise,
 * 2 for a usage error.
 */
export async function main(argv: readonly string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (argv[0] === '--render') {
    // Rewrites report.html and benchmark.md of a finished run from its result.json (after a change of the report).
    const file = argv[1] ?? '';
    const result = JSON.parse(readFileSync(file, 'utf8')) as RunResult;
    writeFileSync(join(dirname(file), 'report.html'), htmlReport(result));
    writeFileSync(join(dirname(file), 'benchmark.md'), markdownSection(result));
    process.stdout.write(`${join(dirname(file), 'report.html')}\n`);
    return 0;
  }
  let options;
  try {
    options = parseOptions(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n\n${USAGE}`);
      return 2;
    }
    throw error;
  }
  const log = (message: string) =>
    process.stdout.write(`[load ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
  const command = `npm run load -- ${argv.join(' ')}`.trim();
  const summaries: string[] = [];
  let passed = true;
  for (const parameters of options.scenarios) {
    const { result, directory } = await runScenario(parameters, options, log, command);
    passed &&= result.passed;
    for (const check of result.inventory.checks.filter((c) => !c.passed)) {
      log(`inventory ${check.name} FAILED (${check.problemCount}): ${check.problems.slice(0, 5).join('; ')}`);
    }
    summaries.push(`${result.passed ? 'PASS' : 'FAIL'} ${result.summary} | ${directory}/report.html`);
  }
  for (const line of summaries) process.stdout.write(`${line}\n`);
  return passed ? 0 : 1;
}
