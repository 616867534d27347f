import { hashFraction, type Random } from '../../scenario/random';
import type { World } from '../../scenario/world';
import { DAY_MINUTES, type PlannedStep, type TrafficSource } from '../plan';

export const PULL_OPERATION = 'cdrs.pull';

export interface PullInput {
  evsp: number;
}

/**
 * EVSPs that fetch their CDRs (GET /v1/cdrs, eMI3 UC 200 step 16.1 as pull): each polls every `pullIntervalMinutes`
 * with the cursor of its previous pull, from a phase of its own so that they do not all poll at once. A pull waits
 * for the previous one of the same EVSP: two pulls with one cursor would read the same page twice.
 */
export const cdrPullSource: TrafficSource = {
  name: 'cdr-pull',
  operations: [PULL_OPERATION],
  plan(world: World, _random: Random): PlannedStep[] {
    const { evsps, day } = world.parameters;
    const steps: PlannedStep<PullInput>[] = [];
    for (let e = 0; e < evsps; e++) {
      let previous: string | undefined;
      const phase = hashFraction(world.seed, 'pull-phase', e) * day.pullIntervalMinutes;
      for (let i = 0, minute = phase; minute < DAY_MINUTES; i++, minute += day.pullIntervalMinutes) {
        const key = `p${e}.${i}`;
        steps.push({ key, minute, operation: PULL_OPERATION, door: 'http', after: previous, input: { evsp: e } });
        previous = key;
      }
    }
    return steps;
  },
};
