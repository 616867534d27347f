import { Random } from '../scenario/random';
import type { ScenarioParameters } from '../scenario/scenario-parameters';
import { World } from '../scenario/world';
import { handlerTable, type TrafficMix } from './operation';
import { planDay, type TrafficPlan } from './plan';
import { DEFAULT_TRAFFIC } from './traffic-mix';

/** Plans the scenario's day; deterministic from its parameters (seed included): same seed, same steps. */
export function planScenario(parameters: ScenarioParameters, mix: TrafficMix = DEFAULT_TRAFFIC): TrafficPlan {
  handlerTable(mix);
  return planDay(new World(parameters), mix.sources, (source) => new Random(parameters.seed, source));
}
