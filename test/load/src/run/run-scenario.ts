import { spawnSync } from 'child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'fs';
import { cpus, hostname, totalmem } from 'os';
import { join, resolve } from 'path';
import { HttpDriver } from '../drivers/http-driver';
import {
  drainDeliveries,
  readDecisionsOverHttp,
  readStoredCdrVerdicts,
  readStoredDecisions,
} from '../inventory/evidence';
import { checkInventory } from '../inventory/inventory-check';
import { Ledger } from '../inventory/ledger';
import { Histogram } from '../measure/histogram';
import type { RawLimit } from '../measure/raw-limits';
import { latencyFigures, PhaseRecorder, round } from '../measure/recorder';
import { ResourceSampler } from '../measure/resources';
import type { OutboundObservation } from '../observe/outbound-observer';
import { onboard } from '../onboarding/onboarding';
import { htmlReport } from '../report/html-report';
import { markdownSection } from '../report/markdown-report';
import { type DayFigures, type LagFigures, ratiosOf, type RunResult } from '../report/result';
import { summaryLine } from '../report/summary-line';
import type { ScenarioParameters } from '../scenario/scenario-parameters';
import { World } from '../scenario/world';
import { REPO_ROOT } from '../targets/child-app';
import { startEmbeddedTarget } from '../targets/embedded-target';
import { connectRemoteTarget } from '../targets/remote-target';
import { startServerTarget } from '../targets/server-target';
import type { Target } from '../targets/target';
import { type DayContext, handlerTable, type TrafficMix } from '../traffic/operation';
import { DAY_MINUTES, type TrafficPlan } from '../traffic/plan';
import { planScenario } from '../traffic/plan-scenario';
import { cdrBody } from '../traffic/roaming-charge/roaming-charge.handlers';
import { type AuthorizationInput, type CdrInput, OPERATIONS } from '../traffic/roaming-charge/roaming-charge.source';
import { DEFAULT_TRAFFIC } from '../traffic/traffic-mix';
import type { RunOptions } from './options';
import { type Pacing, runSchedule } from './scheduler';

export interface ScenarioRun {
  result: RunResult;
  /** The folder with result.json, report.html and the apps' logs. */
  directory: string;
}

export type Log = (message: string) => void;

/**
 * One scenario, end to end: plan the day, start (or reach) the target, measure the raw limits, onboard the market,
 * run the day under the chosen pacing, drain and take the inventory, then write result.json and report.html.
 */
export async function runScenario(
  parameters: ScenarioParameters,
  options: RunOptions,
  log: Log,
  command: string,
  mix: TrafficMix = DEFAULT_TRAFFIC,
): Promise<ScenarioRun> {
  const started = new Date();
  const runId = `${started.getTime().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
  const directory = resolve(
    options.outDir,
    `${started.toISOString().replace(/[:.]/g, '-')}-${parameters.name}-${options.target}-s${parameters.seed}`,
  );
  mkdirSync(directory, { recursive: true });
  const world = new World(parameters);
  const handlers = handlerTable(mix);
  const plan = planScenario(parameters, mix);
  log(
    `${parameters.name}: ${plan.steps.length} steps planned (${Object.entries(plan.countsByOperation)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}); world ${JSON.stringify(world.counts())}`,
  );

  const target = await startTarget(options, directory, runId, log);
  const http = new HttpDriver(options.connections);
  const sampler = new ResourceSampler(target.processes);
  const phases: { name: string; from: number; to: number }[] = [];
  let samplerStart = 0;
  const phase = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const from = (performance.now() - samplerStart) / 1000;
    try {
      return await work();
    } finally {
      phases.push({ name, from: round(from, 2), to: round((performance.now() - samplerStart) / 1000, 2) });
    }
  };
  try {
    samplerStart = performance.now();
    sampler.start();

    const rawSeconds = options.rawSeconds ?? (parameters.name === 'smoke' ? 2 : 10);
    log(`raw limits (${rawSeconds} s each) …`);
    const rawLimits: RawLimit[] = await phase('raw limits', () =>
      target.measureRawLimits(samplePayloads(world, plan), rawSeconds),
    );

    log(
      `onboarding ${world.partnerCount} partners, ${world.counts().agreements} agreements, ${world.counts().contracts} contracts …`,
    );
    const onboardingRecorder = new PhaseRecorder(performance.now());
    const onboarded = await phase('onboarding', () =>
      onboard({
        world,
        http,
        urls: target.urls,
        operatorKey: target.operatorKey,
        recorder: onboardingRecorder,
        concurrency: options.onboardingConcurrency,
        progress: (stage, done, total) => log(`  ${stage}: ${done}/${total}`),
      }),
    );
    const onboardingSeconds = onboardingRecorder.activeSeconds();
    if (onboarded.conflictRetries > 0) {
      log(`onboarding retried ${onboarded.conflictRetries} requests refused with 409 CONCURRENT_MODIFICATION`);
    }
    if (onboarded.failures > 0) {
      log(`onboarding had ${onboarded.failures} failures: ${onboarded.firstFailures.join('; ')}`);
    }
    const settleStarted = performance.now();
    await phase('settle', () => target.settleRegistry());
    const settleSeconds = (performance.now() - settleStarted) / 1000;
    const parties = [...Array(world.partnerCount).keys()].map((i) => world.partner(i).partyId);
    await target.outbound?.watch(parties);

    const ledger = new Ledger();
    const context: DayContext = {
      world,
      http,
      urls: target.urls,
      apiKey: (index) => {
        const key = onboarded.keys.get(index);
        if (!key) throw new Error(`partner ${index} has no API key (its onboarding failed)`);
        return key;
      },
      signingKey: (index) => {
        const keyId = onboarded.keyIds.get(index);
        if (!keyId) throw new Error(`partner ${index} has no API key (its onboarding failed)`);
        return { apiKey: context.apiKey(index), keyId };
      },
      cdrIntake: target.cdrIntake,
      ledger,
    };
    const pacing = pacingFor(parameters, options, plan);
    log(`day: ${describePacing(pacing, plan)} …`);
    const dayRecorder = new PhaseRecorder(performance.now());
    const dayStartEpoch = Date.now();
    let completed = 0;
    const progress = setInterval(() => log(`  day: ${completed}/${plan.steps.length} steps done`), 10_000);
    progress.unref();
    const schedule = await phase('day', () =>
      runSchedule(plan.steps, pacing, {
        execute: (step, dependency) => handlers.get(step.operation)!.execute(step, context, dependency),
        completed: (step, result, timing) => {
          completed++;
          dayRecorder.record({
            operation: step.operation,
            door: result.door ?? step.door,
            intendedAt: timing.intendedAt,
            completedAt: timing.completedAt,
            outcome: result.outcome,
            expected: result.expected,
          });
        },
      }),
    ).finally(() => clearInterval(progress));

    log(
      `draining: waiting for every accepted CDR on the EVSPs' topics and pulls (up to ${options.drainTimeoutSeconds} s) …`,
    );
    const drain = await phase('drain', () =>
      drainDeliveries(context, world, target.outbound, options.drainTimeoutSeconds * 1000),
    );
    const cpoParties = [...Array(parameters.cpos).keys()].map((c) => world.cpo(c).partyId);
    const storedDecisions = target.stores
      ? await readStoredDecisions(target.stores.authorization, cpoParties)
      : await readDecisionsOverHttp(context, ledger, 30_000);
    const storedCdrVerdicts = target.stores ? await readStoredCdrVerdicts(target.stores.cdrs, cpoParties) : undefined;
    const observations = target.outbound ? [...target.outbound.observations] : undefined;
    const inventory = checkInventory({
      decisions: [...ledger.decisions.values()],
      unansweredAuthorizations: ledger.unansweredAuthorizations,
      storedDecisions,
      cdrs: [...ledger.cdrs.values()],
      deliveries: observations,
      pulled: ledger.pulled,
      storedCdrVerdicts,
    });
    const resources = sampler.stop();

    const onboarding: RunResult['onboarding'] = {
      seconds: round(onboardingSeconds, 2),
      operations: onboardingRecorder.figures(),
      overall: onboardingRecorder.overall(),
      perSecond: round(onboardingRecorder.totalCount / onboardingSeconds, 2),
      unexpected: onboardingRecorder.unexpectedCount,
      failures: onboarded.failures,
      conflictRetries: onboarded.conflictRetries,
      settleSeconds: round(settleSeconds, 2),
    };
    const daySeconds = (schedule.finishedAt - schedule.startedAt) / 1000;
    const day: DayFigures = {
      seconds: round(daySeconds, 2),
      operations: dayRecorder.figures(),
      overall: dayRecorder.overall(),
      perSecond: round(dayRecorder.totalCount / daySeconds, 2),
      unexpected: dayRecorder.unexpectedCount,
      pacing: describePacing(pacing, plan),
      daySeconds: pacing.kind === 'schedule' ? round((pacing.msPerMinute * DAY_MINUTES) / 1000, 2) : undefined,
      plannedPerSecond:
        pacing.kind === 'schedule'
          ? round(plan.steps.length / ((plan.lastMinute * pacing.msPerMinute) / 1000), 2)
          : undefined,
      skipped: schedule.skipped,
      lateDispatches: schedule.lateDispatches,
    };
    const lags = lagFigures(ledger, observations ?? [], dayStartEpoch);
    const partial: Omit<RunResult, 'summary'> = {
      harness: { name: 'roaming clearing house load harness (test/load)', resultVersion: 1 },
      command,
      scenario: {
        name: parameters.name,
        seed: parameters.seed,
        parameters,
        counts: world.counts(),
        plannedSteps: plan.steps.length,
        plannedByOperation: plan.countsByOperation,
      },
      target: { kind: target.kind, description: target.description },
      source: sourceVersion(),
      machine: {
        hostname: hostname(),
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model ?? 'unknown',
        memoryGiB: round(totalmem() / 1024 ** 3, 1),
        node: process.version,
        platform: `${process.platform} ${process.arch}`,
      },
      startedAt: started.toISOString(),
      finishedAt: new Date().toISOString(),
      seconds: round((Date.now() - started.getTime()) / 1000, 1),
      connections: options.connections,
      onboarding,
      day,
      lags,
      resources: { ...resources, phases },
      rawLimits,
      ratios: ratiosOf(day, lags, rawLimits),
      inventory: { ...inventory, drain },
      // Retried conflicts while onboarding are reported, not failures: the API asks clients to retry them.
      passed: inventory.passed && day.unexpected === 0 && onboarded.failures === 0,
    };
    const reportPath = join(directory, 'report.html');
    const result: RunResult = { ...partial, summary: summaryLine(partial) };
    writeFileSync(join(directory, 'result.json'), `${JSON.stringify(result, null, 2)}\n`);
    writeFileSync(reportPath, htmlReport(result));
    writeFileSync(join(directory, 'summary.txt'), `${summaryLine(partial, reportPath)}\n`);
    writeFileSync(join(directory, 'benchmark.md'), markdownSection(result));
    return { result, directory };
  } finally {
    sampler.stop();
    http.close();
    await target.outbound?.close().catch(() => undefined);
    await target.cdrIntake?.close().catch(() => undefined);
    await target.stop();
  }
}

/**
 * The commit the measured code comes from: `git rev-parse HEAD` and the count of changed files, or, in an exported
 * tree without .git, the commit written to its SOURCE_COMMIT file.
 */
function sourceVersion(): { commit: string; dirtyFiles: number } {
  const git = (...args: string[]) => spawnSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8' });
  const head = git('rev-parse', '--short', 'HEAD');
  if (head.status === 0) {
    const status = git('status', '--porcelain', '--untracked-files=no');
    return { commit: head.stdout.trim(), dirtyFiles: status.stdout.split('\n').filter((l) => l.trim() !== '').length };
  }
  try {
    return {
      commit: `${readFileSync(join(REPO_ROOT, 'SOURCE_COMMIT'), 'utf8').trim()} (exported tree)`,
      dirtyFiles: 0,
    };
  } catch {
    return { commit: 'unknown', dirtyFiles: 0 };
  }
}

async function startTarget(options: RunOptions, directory: string, runId: string, log: Log): Promise<Target> {
  switch (options.target) {
    case 'embedded':
      return startEmbeddedTarget({ keep: options.keep, logLevel: options.logLevel, log });
    case 'server':
      return startServerTarget({
        databaseUrl: options.databaseUrl,
        brokers: options.brokers,
        logDir: directory,
        runId,
        keep: options.keep,
        logLevel: options.logLevel,
        log,
      });
    case 'remote': {
      const remote = options.remote;
      if (!remote) throw new Error('the remote target needs its URLs and operator key');
      return connectRemoteTarget({ ...remote, runId, log });
    }
  }
}

function pacingFor(parameters: ScenarioParameters, options: RunOptions, plan: TrafficPlan): Pacing {
  if (options.rate === 'max') return { kind: 'max', concurrency: options.concurrency };
  const span = Math.max(1, plan.lastMinute);
  const msPerMinute =
    options.rate === undefined
      ? (parameters.day.seconds * 1000) / DAY_MINUTES
      : (plan.steps.length / options.rate / span) * 1000;
  return { kind: 'schedule', msPerMinute, maxInFlight: 10_000 };
}

function describePacing(pacing: Pacing, plan: TrafficPlan): string {
  if (pacing.kind === 'max') return `as fast as possible, ${pacing.concurrency} steps at once`;
  const seconds = (plan.lastMinute * pacing.msPerMinute) / 1000;
  return `scheduled (open model), 24 h in ${((pacing.msPerMinute * DAY_MINUTES) / 1000).toFixed(1)} s, mean ${(plan.steps.length / seconds).toFixed(1)} ops/s`;
}

/** Request bodies of the day as the doors get them, for the raw limits (the same payload sizes). */
function samplePayloads(world: World, plan: TrafficPlan): string[] {
  const payloads: string[] = [];
  const now = Date.now();
  for (const step of plan.steps) {
    if (payloads.length >= 500) break;
    if (step.operation === OPERATIONS.authorize) {
      const input = step.input as AuthorizationInput;
      payloads.push(JSON.stringify({ evseId: input.evseId, token: { uid: input.tokenUid, type: 'RFID' } }));
    } else if (step.operation === OPERATIONS.submitCdr) {
      payloads.push(JSON.stringify(cdrBody(step.input as CdrInput, '00000000-0000-4000-8000-000000000000', now)));
    }
  }
  if (payloads.length === 0) payloads.push(JSON.stringify({ seed: world.seed }));
  return payloads;
}

/** End-to-end lags of the accepted CDRs, per door, with a series by send time (1 s windows). */
function lagFigures(ledger: Ledger, observations: readonly OutboundObservation[], dayStartEpoch: number): LagFigures {
  const firstArrival = new Map<string, number>();
  for (const o of observations) {
    if (o.type !== 'CdrForwarded') continue;
    const key = `${o.cpoPartyId}|${o.cdrId}|${o.party}`;
    firstArrival.set(key, Math.min(firstArrival.get(key) ?? Number.POSITIVE_INFINITY, o.arrivedAt));
  }
  const firstListed = new Map<string, number>();
  for (const p of ledger.pulled)
    firstListed.set(p.key, Math.min(firstListed.get(p.key) ?? Number.POSITIVE_INFINITY, p.seenAt));
  const byDoor = new Map<string, { all: Histogram; windows: Map<number, Histogram> }>();
  const pull = new Histogram(10);
  for (const cdr of ledger.cdrs.values()) {
    if (!(cdr.answer === 'FORWARDED' || (cdr.answer === 'SENT' && cdr.planned === 'FORWARDED'))) continue;
    const arrived = firstArrival.get(`${cdr.key}|${cdr.emspPartyId}`);
    if (arrived !== undefined) {
      let door = byDoor.get(cdr.door);
      if (!door) byDoor.set(cdr.door, (door = { all: new Histogram(10), windows: new Map() }));
      const lagUs = Math.max(0, arrived - cdr.sentAt) * 1000;
      door.all.record(lagUs);
      const window = Math.max(0, Math.floor((cdr.sentAt - dayStartEpoch) / 1000));
      let h = door.windows.get(window);
      if (!h) door.windows.set(window, (h = new Histogram(5)));
      h.record(lagUs);
    }
    const listed = firstListed.get(cdr.key);
    if (listed !== undefined) pull.record(Math.max(0, listed - cdr.sentAt) * 1000);
  }
  return {
    toEvspTopic: [...byDoor].map(([door, { all, windows }]) => ({
      door,
      latency: latencyFigures(all.snapshot()),
      series: [...windows]
        .sort(([a], [b]) => a - b)
        .map(([t, h]) => ({
          t,
          count: h.count,
          p50Ms: h.valueAtPercentile(50) / 1000,
          p99Ms: h.valueAtPercentile(99) / 1000,
          maxMs: h.snapshot().max / 1000,
        })),
    })),
    toEvspPull: latencyFigures(pull.snapshot()),
  };
}
