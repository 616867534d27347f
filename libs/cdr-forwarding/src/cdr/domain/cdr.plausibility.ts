import { Decimal } from '@roaming/shared-kernel';
import type { CdrFacts, CdrReferenceFacts } from './cdr.commands';
import type { CdrRecord, CdrViolation } from './cdr-record';
import type { CdrRejectionCode } from './cdr.errors';

/**
 * No EV charger delivers more than this (today's megawatt chargers stop at about 1 MW): the bound used when the
 * EVSE's own rating is unknown.
 */
export const MAX_PLAUSIBLE_POWER_W = 1_000_000;
/**
 * Energy tolerance over the EVSE's rated power × charging time: +5 % and +10 Wh. Reasons: meters of accuracy class A/B
 * read within ±2 %, a charger's nameplate power is nominal and may be exceeded briefly, and durations come in whole
 * seconds (a 1 s rounding at 350 kW is about 100 Wh… covered by the 5 % on any session longer than a minute).
 */
export const ENERGY_TOLERANCE_PERCENT = 5;
export const ENERGY_TOLERANCE_WH = 10;
/** Charging + parking may exceed end − start by this much: CPOs round each duration to whole seconds. */
export const DURATION_TOLERANCE_SECONDS = 2;
/**
 * The charging periods' energies may differ from the record's energyWh by this much: energyWh is whole Wh, the
 * periods' energies are decimals that the CPO rounds on their own (review finding 2).
 */
export const PERIOD_ENERGY_SUM_TOLERANCE_WH = 1;
/** Clock skew allowed between the CPO's clock and the hub's (the injected Clock gives receivedAt): 5 minutes. */
export const CLOCK_SKEW_ALLOWANCE_MS = 5 * 60_000;
const MS_PER_HOUR = 3_600_000;

export interface CdrRefusal {
  readonly code: CdrRejectionCode;
  readonly reason: string;
}

type Violation = CdrViolation & { code: CdrRejectionCode };

/**
 * Every rule a clearing house applies before routing (GeM 984 "validates the CDR"; OCHP's plausibility check;
 * IEC 63119 UC3-9), evaluated together so that the CPO learns every failed rule at once. Pure: depends on the record
 * and the looked-up facts only, so a re-sent identical record with unchanged facts gets the same verdict.
 */
export function checkCdrRules(cdr: CdrRecord, facts: CdrFacts, receivedAt?: string): Violation[] {
  const violations: Violation[] = [];
  const add = (code: CdrRejectionCode, field: string, reason: string) => violations.push({ code, field, reason });
  const isCredit = typeof cdr.creditOf === 'string';
  const isRevision = typeof cdr.revisionOf === 'string';

  // The EVSE: known to station-management, and operated by the record's CPO.
  const evse = facts.evse;
  if (evse === null) {
    if (facts.requireKnownEvse !== false)
      add('CDR_UNKNOWN_EVSE', 'evseId', `EVSE ${cdr.evseId} is not published by its operator (station-management)`);
  } else if (evse.cpoPartyId !== cdr.cpoPartyId) {
    add('CDR_EVSE_NOT_OWNED', 'evseId', `EVSE ${cdr.evseId} is published by ${evse.cpoPartyId}, not ${cdr.cpoPartyId}`);
  }

  // Times and durations.
  const durationMs = Date.parse(cdr.endedAt) - Date.parse(cdr.startedAt);
  if (durationMs < 0) {
    add('CDR_END_BEFORE_START', 'endedAt', `the session ends (${cdr.endedAt}) before it starts (${cdr.startedAt})`);
  }
  const sessionSeconds = Math.max(0, durationMs) / 1000;
  const charging = cdr.chargingDurationSeconds ?? null;
  const parking = cdr.parkingDurationSeconds ?? null;
  if (durationMs >= 0 && (charging ?? 0) + (parking ?? 0) > sessionSeconds + DURATION_TOLERANCE_SECONDS) {
    add(
      'CDR_DURATION_INCONSISTENT',
      charging !== null ? 'chargingDurationSeconds' : 'parkingDurationSeconds',
      `charging (${charging ?? 0} s) + parking (${parking ?? 0} s) exceed the session's ${sessionSeconds} s`,
    );
  }

  // No record from the future: its times may be ahead of the hub's clock (receivedAt) by the skew allowance only.
  if (receivedAt !== undefined) {
    const latest = Date.parse(receivedAt) + CLOCK_SKEW_ALLOWANCE_MS;
    const field =
      Date.parse(cdr.startedAt) > latest ? 'startedAt' : Date.parse(cdr.endedAt) > latest ? 'endedAt' : null;
    if (field !== null) {
      add(
        'CDR_IN_FUTURE',
        field,
        `the session's ${field} ${cdr[field]} lies after the hub's clock ${receivedAt} + ${CLOCK_SKEW_ALLOWANCE_MS / 60_000} min`,
      );
    }
  }
  const periods = cdr.chargingPeriods ?? [];
  // Zero-length session (endedAt = startedAt): nothing can flow in no time, so it is accepted only without energy,
  // charging time and charging periods. Rating then prices no energy or time, only the tariff's flat fee and minimum.
  if (durationMs === 0 && (cdr.energyWh > 0 || (charging ?? 0) > 0 || periods.length > 0)) {
    add(
      'CDR_ZERO_LENGTH_SESSION',
      'endedAt',
      `the session ends when it starts (${cdr.endedAt}) but claims energy, charging time or charging periods`,
    );
  } else if (durationMs > 0 && charging === 0 && cdr.energyWh > 0) {
    add('CDR_ZERO_LENGTH_SESSION', 'chargingDurationSeconds', `${cdr.energyWh} Wh charged in 0 s of charging`);
  }

  // Energy: ≤ rated power × charging time (+ tolerance). Integers: Wh × 100 × 3 600 000 against W × (100+p) × ms.
  const powerW = evse?.maxPowerW ?? MAX_PLAUSIBLE_POWER_W;
  if (durationMs >= 0) {
    const chargingMs = BigInt(charging !== null ? Math.min(charging * 1000, durationMs) : durationMs);
    const claimed = BigInt(Math.max(0, cdr.energyWh - ENERGY_TOLERANCE_WH)) * 100n * BigInt(MS_PER_HOUR);
    const possible = BigInt(powerW) * BigInt(100 + ENERGY_TOLERANCE_PERCENT) * chargingMs;
    if (claimed > possible) {
      add(
        'CDR_IMPLAUSIBLE_ENERGY',
        'energyWh',
        `${cdr.energyWh} Wh in ${Number(chargingMs) / 1000} s of charging is more than ${powerW / 1000} kW ` +
          `could deliver (+${ENERGY_TOLERANCE_PERCENT} % +${ENERGY_TOLERANCE_WH} Wh tolerance)`,
      );
    }
  }

  if (periods.length > 0 && durationMs >= 0) checkPeriods(cdr, powerW, add);

  // Money: the VAT split and the services.
  const total = Decimal.parse(cdr.totalCost.amount);
  if (!isCredit && total.isNegative()) {
    add(
      'CDR_NEGATIVE_COST',
      'totalCost.amount',
      `the total cost ${cdr.totalCost.amount} ${cdr.totalCost.currency} is negative; corrections are credit records (creditOf)`,
    );
  }
  const breakdown = cdr.costBreakdown ?? null;
  if (breakdown !== null) {
    const sum = Decimal.parse(breakdown.exclVat).add(Decimal.parse(breakdown.vat));
    if (!sum.equals(total)) {
      add(
        'CDR_VAT_SPLIT_MISMATCH',
        'costBreakdown',
        `exclVat ${breakdown.exclVat} + vat ${breakdown.vat} = ${sum.toString()}, not the total ${cdr.totalCost.amount}`,
      );
    }
  }
  const services = cdr.services ?? [];
  if (services.length > 0 && (cdr.recordType ?? 'CDR') !== 'SDR') {
    add('CDR_SERVICE_INVALID', 'recordType', 'services are carried by an SDR: set recordType SDR');
  }
  services.forEach((service, index) => {
    const net = Decimal.parse(service.amountExclVat);
    const vat = Decimal.parse(service.vat);
    if (!isCredit && (net.isNegative() || vat.isNegative())) {
      add('CDR_SERVICE_INVALID', `services.${index}`, 'a service amount is negative');
    }
    if (service.startedAt && service.endedAt && Date.parse(service.endedAt) < Date.parse(service.startedAt)) {
      add('CDR_SERVICE_INVALID', `services.${index}.endedAt`, 'the service ends before it starts');
    }
  });
  if (breakdown !== null && services.length > 0) {
    const servicesNet = services.reduce((s, x) => s.add(Decimal.parse(x.amountExclVat)), Decimal.ZERO);
    if (servicesNet.abs().compare(Decimal.parse(breakdown.exclVat).abs()) > 0) {
      add(
        'CDR_SERVICE_INVALID',
        'services',
        `the services' net ${servicesNet.toString()} exceeds the record's net ${breakdown.exclVat}`,
      );
    }
  }

  // Routing (GeM 982/1270): EVSP partner, active, agreement in force at the session start.
  const emsp = facts.routing.emspPartyId;
  switch (facts.routing.provider) {
    case 'unknown':
      add(
        'CDR_UNKNOWN_PROVIDER',
        'emaid',
        `the contract's provider ${emsp} is not an EVSP partner of the clearing house`,
      );
      break;
    case 'deactivated':
      add(
        'CDR_UNKNOWN_PROVIDER',
        'emaid',
        `the contract's provider ${emsp} is no longer a partner of the clearing house`,
      );
      break;
    case 'suspended':
      add('CDR_PROVIDER_SUSPENDED', 'emaid', `the contract's provider ${emsp} is suspended`);
      break;
    case 'active':
      if (facts.routing.agreementId === null) {
        add(
          'CDR_NO_AGREEMENT',
          'startedAt',
          `no roaming agreement between ${cdr.cpoPartyId} and ${emsp} was in force at the session start ${cdr.startedAt}`,
        );
      }
  }

  // One accepted final record per session (credits and revisions refer to the session's record instead).
  if (!isCredit && !isRevision && facts.sessionClaimedBy !== null && facts.sessionClaimedBy !== cdr.cdrId) {
    add(
      'CDR_DUPLICATE_SESSION',
      cdr.sessionId ? 'sessionId' : 'authorizationId',
      `the session already has the accepted record ${facts.sessionClaimedBy}; correct it with a credit record`,
    );
  }

  // Credit records: the negation of an accepted record of the same CPO, once.
  const ref = facts.reference;
  if (isCredit) {
    if (ref === null || !ref.accepted) {
      add('CDR_CREDIT_TARGET_UNKNOWN', 'creditOf', `no accepted record ${cdr.creditOf} of ${cdr.cpoPartyId} to credit`);
    } else {
      if (ref.creditedBy !== null && ref.creditedBy !== cdr.cdrId) {
        add('CDR_ALREADY_CREDITED', 'creditOf', `record ${ref.cdrId} was already credited by ${ref.creditedBy}`);
      } else if (ref.revisedBy !== null && ref.revisedBy !== cdr.cdrId) {
        // A record is corrected once: a revised record is corrected by crediting its revision.
        add('CDR_ALREADY_REVISED', 'creditOf', `record ${ref.cdrId} was already revised by ${ref.revisedBy}`);
      }
      checkSameContract(cdr, ref, facts.routing.emspPartyId, 'creditOf', add);
      const original = ref.totalCost;
      if (
        original === null ||
        original.currency !== cdr.totalCost.currency ||
        !Decimal.parse(original.amount).negate().equals(total)
      ) {
        add(
          'CDR_CREDIT_AMOUNT_MISMATCH',
          'totalCost',
          `a credit record cancels the whole record: its total must be ` +
            `${original ? `${Decimal.parse(original.amount).negate().toString()} ${original.currency}` : 'the negated original'}`,
        );
      }
    }
  }
  if (isRevision) {
    if (ref === null || !ref.accepted) {
      add(
        'CDR_REVISION_TARGET_UNKNOWN',
        'revisionOf',
        `no accepted record ${cdr.revisionOf} of ${cdr.cpoPartyId} to revise`,
      );
    } else {
      if (ref.revisedBy !== null && ref.revisedBy !== cdr.cdrId) {
        add('CDR_ALREADY_REVISED', 'revisionOf', `record ${ref.cdrId} was already revised by ${ref.revisedBy}`);
      } else if (ref.creditedBy !== null && ref.creditedBy !== cdr.cdrId) {
        // A record is corrected once: a credited record is cancelled, a new record (new cdrId) replaces it.
        add('CDR_ALREADY_CREDITED', 'revisionOf', `record ${ref.cdrId} was already credited by ${ref.creditedBy}`);
      } else if (ref.reconciliationState === 'APPROVED') {
        add(
          'CDR_REVISION_NOT_ALLOWED',
          'revisionOf',
          `record ${ref.cdrId} was approved by the EVSP; correct it with a credit record instead`,
        );
      }
      checkSameContract(cdr, ref, facts.routing.emspPartyId, 'revisionOf', add);
    }
  }
  return violations;
}

type Add = (code: CdrRejectionCode, field: string, reason: string) => void;

/**
 * A credit or revision corrects a record of the same contract: same EMAID, hence the same home EVSP (review finding
 * 3). Records indexed before the accepted-records index kept them (null) are not compared.
 */
function checkSameContract(
  cdr: CdrRecord,
  ref: CdrReferenceFacts,
  emspPartyId: string,
  field: 'creditOf' | 'revisionOf',
  add: Add,
): void {
  const refEmsp = ref.emspPartyId ?? null;
  const refEmaid = ref.emaid ?? null;
  if ((refEmaid !== null && refEmaid !== cdr.emaid) || (refEmsp !== null && refEmsp !== emspPartyId)) {
    add(
      'CDR_CORRECTION_MISMATCH',
      field,
      `record ${ref.cdrId} is of contract ${refEmaid ?? '?'} (EVSP ${refEmsp ?? '?'}), not ${cdr.emaid} ` +
        `(EVSP ${emspPartyId}): a correction is for the same contract`,
    );
  }
}

/**
 * The charging periods settlement rates (review finding 2): each within [startedAt, endedAt] and longer than zero,
 * back to back in order (each starts where the previous ends; they need not cover the whole session), energy ≥ 0
 * and none while PARKING, each within the EVSE's rated power × its duration (+5 % +10 Wh, as the record), and their
 * energies summing to energyWh within PERIOD_ENERGY_SUM_TOLERANCE_WH (1 Wh).
 */
function checkPeriods(cdr: CdrRecord, powerW: number, add: Add): void {
  const periods = cdr.chargingPeriods ?? [];
  const start = Date.parse(cdr.startedAt);
  const end = Date.parse(cdr.endedAt);
  const code = 'CDR_PERIODS_INCONSISTENT';
  let previousEnd: number | null = null;
  let sum = Decimal.ZERO;
  periods.forEach((period, index) => {
    const field = `chargingPeriods.${index}`;
    const from = Date.parse(period.startedAt);
    const to = Date.parse(period.endedAt);
    const energy = Decimal.parse(period.energyWh);
    sum = sum.add(energy);
    if (!(to > from)) add(code, `${field}.endedAt`, `period ${index} ends (${period.endedAt}) before it starts`);
    if (from < start || to > end) {
      add(code, field, `period ${index} lies outside the session ${cdr.startedAt} – ${cdr.endedAt}`);
    }
    if (previousEnd !== null && from !== previousEnd) {
      add(
        code,
        `${field}.startedAt`,
        `period ${index} does not start where period ${index - 1} ends (back to back, in order)`,
      );
    }
    previousEnd = to;
    if (energy.isNegative()) add(code, `${field}.energyWh`, `period ${index} has negative energy`);
    else if (period.state === 'PARKING' && !energy.isZero()) {
      add(code, `${field}.energyWh`, `period ${index} is PARKING but has energy ${period.energyWh} Wh`);
    } else if (to > from) {
      // energy − 10 Wh ≤ W × (100 + 5) % × ms / 3 600 000, compared in integers (× 100 × 3 600 000).
      const claimed = energy
        .subtract(Decimal.fromInteger(ENERGY_TOLERANCE_WH))
        .multiply(Decimal.fromInteger(100 * MS_PER_HOUR));
      const possible = Decimal.fromInteger(BigInt(powerW) * BigInt(100 + ENERGY_TOLERANCE_PERCENT) * BigInt(to - from));
      if (claimed.compare(possible) > 0) {
        add(
          code,
          `${field}.energyWh`,
          `${period.energyWh} Wh in ${(to - from) / 1000} s is more than ${powerW / 1000} kW could deliver ` +
            `(+${ENERGY_TOLERANCE_PERCENT} % +${ENERGY_TOLERANCE_WH} Wh tolerance)`,
        );
      }
    }
  });
  if (
    sum.subtract(Decimal.fromInteger(cdr.energyWh)).abs().compare(Decimal.fromInteger(PERIOD_ENERGY_SUM_TOLERANCE_WH)) >
    0
  ) {
    add(
      code,
      'chargingPeriods',
      `the periods' energies sum to ${sum.toString()} Wh, not the record's ${cdr.energyWh} Wh (±${PERIOD_ENERGY_SUM_TOLERANCE_WH} Wh)`,
    );
  }
}
