import type { PartnerSigningKey } from '@roaming/platform';
import type { CdrIntake } from '../drivers/cdr-intake';
import type { HttpDriver } from '../drivers/http-driver';
import type { Ledger } from '../inventory/ledger';
import type { Door } from '../measure/recorder';
import type { World } from '../scenario/world';
import type { PlannedStep, TrafficSource } from './plan';

/** Base URLs of the doors: one app in embedded mode, one per context in server mode. */
export interface DoorUrls {
  registry: string;
  authorization: string;
  cdrs: string;
}

/** Everything a handler may use while the day runs. */
export interface DayContext {
  readonly world: World;
  readonly http: HttpDriver;
  readonly urls: DoorUrls;
  /** The API key of partner `index` (issued during onboarding). */
  apiKey(partnerIndex: number): string;
  /** The key and its id of partner `index`: what it signs its Kafka messages with. */
  signingKey(partnerIndex: number): PartnerSigningKey;
  /** The B2B topic door, when the target has one. */
  readonly cdrIntake?: CdrIntake;
  readonly ledger: Ledger;
}

export interface StepResult {
  /** 'ACCEPTED', 'FORWARDED', a problem code, 'HTTP_503', 'TIMEOUT', … */
  outcome: string;
  /** Whether the outcome is the one planned. */
  expected: boolean;
  /** The door that carried it, when it differs from the planned one (the in-process bus for `kafka`). */
  door?: Door;
  /** What a dependent step needs: an authorization id, the CDR as sent. */
  value?: string;
  /** The step did not run because what it needed failed (counted apart, not as a latency). */
  skipped?: boolean;
}

/** Executes the steps of one operation. */
export interface OperationHandler {
  readonly operation: string;
  execute(step: PlannedStep, context: DayContext, dependency: StepResult | undefined): Promise<StepResult>;
}

/** A source and the handlers of its operations: the unit a context adds to the day's traffic. */
export interface TrafficMix {
  readonly sources: readonly TrafficSource[];
  readonly handlers: readonly OperationHandler[];
}

/** Checks that every operation a source plans has exactly one handler. */
export function handlerTable(mix: TrafficMix): Map<string, OperationHandler> {
  const table = new Map<string, OperationHandler>();
  for (const handler of mix.handlers) {
    if (table.has(handler.operation)) throw new Error(`two handlers for ${handler.operation}`);
    table.set(handler.operation, handler);
  }
  for (const source of mix.sources) {
    for (const operation of source.operations) {
      if (!table.has(operation)) throw new Error(`source ${source.name} plans ${operation}, which has no handler`);
    }
  }
  return table;
}
