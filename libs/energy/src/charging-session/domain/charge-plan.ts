import { DomainError } from '@roaming/shared-kernel';

/** One period of a charge plan: the power the CPO schedules from `startsAt` to `endsAt` (IEC 63119-2 UC3-7). */
export interface PlanPeriod {
  startsAt: string;
  endsAt: string;
  /** Watts; 0 pauses charging. */
  powerW: number;
}

/** A power envelope in force for the EVSE's load area: the most all plans there may draw together (IEC 63110 PRE). */
export interface PowerEnvelope {
  /** The grid request that set it. */
  requestId: string;
  startsAt: string;
  endsAt: string;
  limitW: number;
}

export interface PlanFacts {
  /** The EVSE's maximum power (from the station-management catalogue), or undefined when the hub does not know it. */
  evseMaxPowerW: number | undefined;
  /** Envelopes in force in the EVSE's load area (none: no limit). */
  envelopes: readonly PowerEnvelope[];
  /** The current plans of the other sessions in the load area, whose power counts against the envelope. */
  otherPlans: readonly (readonly PlanPeriod[])[];
}

export const MAX_PLAN_PERIODS = 288;

/**
 * The rules of a charge plan (IEC 63110 E1-E4; IEC 63119-2 UC3-7/UC3-10): periods in order and contiguous, each with
 * a positive length, power within the EVSE's maximum, and — where the grid operator set an envelope for the load
 * area — the power of all plans there together within it at every instant.
 */
export function checkChargePlan(periods: readonly PlanPeriod[], facts: PlanFacts): void {
  if (periods.length === 0 || periods.length > MAX_PLAN_PERIODS) {
    throw invalid('PLAN_PERIODS_INVALID', `a plan has 1 to ${MAX_PLAN_PERIODS} periods`, 'periods', 'count');
  }
  periods.forEach((period, i) => {
    if (period.endsAt <= period.startsAt) {
      throw invalid('PLAN_PERIODS_INVALID', `period ${i} ends before it starts`, `periods.${i}.endsAt`, 'after-start');
    }
    if (i > 0 && period.startsAt !== periods[i - 1].endsAt) {
      throw invalid(
        'PLAN_PERIODS_NOT_CONTIGUOUS',
        `period ${i} starts at ${period.startsAt}, not where period ${i - 1} ends (${periods[i - 1].endsAt})`,
        `periods.${i}.startsAt`,
        'contiguous',
      );
    }
  });
  if (facts.evseMaxPowerW === undefined) {
    throw DomainError.notFound('EVSE_UNKNOWN', 'the session is at an EVSE the hub has no power data for', {
      field: 'evseId',
      rule: 'published-evse',
    });
  }
  const maxPowerW = facts.evseMaxPowerW;
  periods.forEach((period, i) => {
    if (period.powerW > maxPowerW) {
      throw invalid(
        'PLAN_ABOVE_EVSE_POWER',
        `period ${i} asks for ${period.powerW} W, above the EVSE's ${maxPowerW} W`,
        `periods.${i}.powerW`,
        'evse-max-power',
        { maxPowerW },
      );
    }
  });
  const breach = envelopeBreach(periods, facts);
  if (breach) {
    throw invalid(
      'PLAN_OUTSIDE_ENVELOPE',
      `at ${breach.at} the plans of the load area would draw ${breach.totalW} W, above the ${breach.limitW} W grid request ${breach.requestId} allows`,
      'periods',
      'power-envelope',
      breach,
    );
  }
}

interface Breach {
  at: string;
  totalW: number;
  limitW: number;
  requestId: string;
}

/** The first instant where the plans together exceed an envelope: checked on every boundary of every interval. */
function envelopeBreach(periods: readonly PlanPeriod[], facts: PlanFacts): Breach | undefined {
  if (facts.envelopes.length === 0) return undefined;
  const all = [periods, ...facts.otherPlans];
  const instants = new Set<string>();
  for (const plan of all) for (const p of plan) instants.add(p.startsAt);
  for (const e of facts.envelopes) instants.add(e.startsAt);
  for (const at of [...instants].sort()) {
    const totalW = all.reduce((sum, plan) => sum + powerAt(plan, at), 0);
    for (const envelope of facts.envelopes) {
      if (envelope.startsAt <= at && at < envelope.endsAt && totalW > envelope.limitW) {
        return { at, totalW, limitW: envelope.limitW, requestId: envelope.requestId };
      }
    }
  }
  return undefined;
}

function powerAt(plan: readonly PlanPeriod[], at: string): number {
  return plan.find((p) => p.startsAt <= at && at < p.endsAt)?.powerW ?? 0;
}

function invalid(code: string, message: string, field: string, rule: string, extra: object = {}): DomainError {
  return DomainError.validation(code, message, { field, rule, ...extra });
}
