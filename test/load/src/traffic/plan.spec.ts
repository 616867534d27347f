import { Random } from '../scenario/random';
import { PRESETS } from '../scenario/presets';
import type { ScenarioParameters } from '../scenario/scenario-parameters';
import { World } from '../scenario/world';
import { planDay, type PlannedStep, type TrafficSource } from './plan';
import type { AuthorizationInput, CdrInput } from './roaming-charge/roaming-charge.source';
import { planScenario } from './plan-scenario';
import { DEFAULT_TRAFFIC } from './traffic-mix';

const parameters = (seed: number, day: Partial<ScenarioParameters['day']> = {}): ScenarioParameters => {
  const preset = structuredClone(PRESETS.smoke);
  return { ...preset, seed, day: { ...preset.day, ...day } };
};

describe('the planned day (deterministic from the seed)', () => {
  it('plans exactly the same steps for the same seed, and another day for another seed', () => {
    const a = planScenario(parameters(42));
    const b = planScenario(parameters(42));
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    const c = planScenario(parameters(43));
    expect(JSON.stringify(c.steps)).not.toBe(JSON.stringify(a.steps));
  });

  it('keeps the steps of one source when another source is added (each has its own random stream)', () => {
    const world = new World(parameters(9));
    const random = (name: string) => new Random(9, name);
    const noise: TrafficSource = {
      name: 'noise',
      operations: ['noise.op'],
      plan: (_w, r) =>
        [...Array(50).keys()].map((i) => ({
          key: `n${i}`,
          minute: r.next() * 1440,
          operation: 'noise.op',
          door: 'http',
          input: {},
        })),
    };
    const alone = planDay(world, DEFAULT_TRAFFIC.sources, random);
    const together = planDay(world, [...DEFAULT_TRAFFIC.sources, noise], random);
    expect(together.steps.filter((s) => s.operation !== 'noise.op')).toEqual(alone.steps);
  });

  it('plans the refusal shares it is given, each with its planned reason', () => {
    const plan = planScenario(
      parameters(1, { sessions: 20_000, refusals: { unknownToken: 0.1, blockedToken: 0.05, noAgreement: 0.15 } }),
    );
    const decisions = plan.steps
      .filter((s) => s.operation === 'authorization.request')
      .map((s) => (s.input as AuthorizationInput).expected);
    const share = (outcome: string) => decisions.filter((d) => d === outcome).length / decisions.length;
    expect(decisions).toHaveLength(20_000);
    expect(share('DENIED:UNKNOWN_TOKEN')).toBeCloseTo(0.1, 1);
    expect(share('DENIED:TOKEN_BLOCKED')).toBeCloseTo(0.05, 1);
    expect(share('DENIED:NO_ROAMING_AGREEMENT')).toBeCloseTo(0.15, 1);
    expect(share('ACCEPTED')).toBeCloseTo(0.7, 1);
  });

  it('sends a CDR only for granted sessions, after their authorization, to the EVSP of the token', () => {
    const p = parameters(3, { sessions: 2000, cdrKafkaShare: 0.4 });
    const world = new World(p);
    const plan = planScenario(p);
    const byKey = new Map(plan.steps.map((s) => [s.key, s]));
    const cdrs = plan.steps.filter((s) => s.operation === 'cdr.submit') as PlannedStep<CdrInput>[];
    expect(cdrs.length).toBeGreaterThan(1000);
    for (const cdr of cdrs) {
      const auth = byKey.get(cdr.after!) as PlannedStep<AuthorizationInput>;
      expect(auth.operation).toBe('authorization.request');
      expect(auth.input.expected).toBe('ACCEPTED');
      expect(cdr.minute).toBeGreaterThan(auth.minute);
      expect(world.hasAgreement(cdr.input.cpo, cdr.input.evsp)).toBe(true);
      expect(cdr.input.emaid.startsWith(world.evsp(cdr.input.evsp).partyId)).toBe(true);
    }
    const kafka = cdrs.filter((s) => s.door === 'kafka').length / cdrs.length;
    expect(kafka).toBeGreaterThan(0.35);
    expect(kafka).toBeLessThan(0.45);
  });

  it('chains the pulls of each EVSP, every step needing only an earlier one', () => {
    const plan = planScenario(parameters(5));
    const position = new Map(plan.steps.map((s, i) => [s.key, i]));
    for (const [i, step] of plan.steps.entries()) {
      if (step.after !== undefined) expect(position.get(step.after)!).toBeLessThan(i);
    }
    const pulls = plan.steps.filter((s) => s.operation === 'cdrs.pull');
    expect(pulls).toHaveLength(3 * 24);
    expect(pulls.filter((s) => s.after === undefined)).toHaveLength(3);
  });

  it('has a handler for every planned operation', () => {
    const handled = new Set(DEFAULT_TRAFFIC.handlers.map((h) => h.operation));
    for (const step of planScenario(parameters(1)).steps) expect(handled.has(step.operation)).toBe(true);
  });

  it('refuses a plan whose step needs a step that is not planned', () => {
    const broken: TrafficSource = {
      name: 'broken',
      operations: [],
      plan: () => [{ key: 'x', minute: 1, operation: 'cdrs.pull', door: 'http', after: 'missing', input: {} }],
    };
    expect(() => planDay(new World(parameters(1)), [broken], (n) => new Random(1, n))).toThrow(/needs missing/);
  });
});
