import type { CdrRecord } from './cdr-record';
import { differingFields, sameCdrContent } from './cdr-record';
import type { CdrFacts, ReceiveCdr } from './cdr.commands';
import { cdrDuplicateDifferent, cdrStreamMismatch } from './cdr.errors';
import type { CdrEvent, CdrForwarded, CdrPriceDeviation, CdrReceived, CdrRejected } from './cdr.events';
import { checkCdrRules } from './cdr.plausibility';
import type { CdrState } from './cdr.state';

/**
 * ReceiveCdr (IEC 63119-2 UC3-9, eMI3 UC 200 steps 15.1/16.1, GeM 984 / UC 1511 / 1512):
 * - a new record is either forwarded to the home EVSP (CdrForwarded, marked with how the session was authorized and
 *   carrying the receipt) or recorded (CdrReceived) and refused with EVERY failed rule (CdrRejected.violations);
 * - the same record again changes nothing once forwarded (one final record per session; the caller gets the same
 *   answer); after a rejection it is judged again, because a refusal for a missing partner, agreement or EVSE may be
 *   lifted meanwhile, while an unchanged verdict adds nothing;
 * - a rejected record sent again with other content under the same id is the CPO's correction: recorded and judged
 *   as a new submission;
 * - other content for a forwarded record is a conflict: forwarded records are immutable (corrections are credits).
 */
export function decideCdr(command: ReceiveCdr, state: CdrState): CdrEvent[] {
  const { cdr, receivedAt, facts } = command.data;
  switch (state.status) {
    case 'new':
      return receivedAndJudged(cdr, facts, receivedAt);
    case 'received':
      assertSameCdr(state.cdr, cdr);
      return verdict(cdr, facts, receivedAt);
    case 'forwarded':
      assertSameCdr(state.cdr, cdr);
      return [];
    case 'rejected': {
      assertSameStream(state.cdr, cdr);
      if (!sameCdrContent(state.cdr, cdr)) return receivedAndJudged(cdr, facts, receivedAt);
      const again = verdict(cdr, facts, receivedAt);
      const [first] = again;
      const sameVerdict =
        first.type === 'CdrRejected' &&
        sameCodes(
          first,
          state.violations.map((v) => v.code),
        );
      return sameVerdict ? [] : again;
    }
  }
}

function sameCodes(rejection: CdrRejected, codes: readonly string[]): boolean {
  const now = (rejection.data.violations ?? []).map((v) => v.code);
  return now.length === codes.length && now.every((code, i) => code === codes[i]);
}

function assertSameStream(known: CdrRecord, sent: CdrRecord): void {
  if (known.cdrId !== sent.cdrId || known.cpoPartyId !== sent.cpoPartyId) {
    throw cdrStreamMismatch(sent.cdrId, sent.cpoPartyId);
  }
}

function assertSameCdr(known: CdrRecord, sent: CdrRecord): void {
  assertSameStream(known, sent);
  if (!sameCdrContent(known, sent))
    throw cdrDuplicateDifferent(sent.cdrId, sent.cpoPartyId, differingFields(known, sent));
}

/**
 * A submission recorded and judged. An accepted one is recorded by its CdrForwarded alone, which then carries the
 * receipt (the record is stored once); a refused one by CdrReceived (the record as sent) and CdrRejected.
 */
function receivedAndJudged(cdr: CdrRecord, facts: CdrFacts, receivedAt: string): CdrEvent[] {
  const [first, ...rest] = verdict(cdr, facts, receivedAt);
  if (first.type !== 'CdrForwarded') return [received(cdr, receivedAt), first, ...rest];
  const receipt = { receivedAt, timeZone: cdr.timeZone ?? null };
  return [{ ...first, data: { ...first.data, receipt } }, ...rest];
}

function received(cdr: CdrRecord, receivedAt: string): CdrReceived {
  return { type: 'CdrReceived', data: { ...cdr, receivedAt } };
}

/** The verdict: rejected with every violation, or forwarded (and flagged when the price deviates). */
function verdict(cdr: CdrRecord, facts: CdrFacts, at: string): [CdrRejected] | CdrEvent[] {
  const violations = checkCdrRules(cdr, facts, at);
  const emspPartyId = facts.routing.emspPartyId;
  if (violations.length > 0 || facts.routing.agreementId === null) {
    const [first] = violations;
    const rejection: CdrRejected = {
      type: 'CdrRejected',
      data: {
        cdrId: cdr.cdrId,
        cpoPartyId: cdr.cpoPartyId,
        emspPartyId,
        code: first.code,
        reason: first.reason,
        rejectedAt: at,
        violations,
      },
    };
    return [rejection];
  }
  const forwarded: CdrForwarded = {
    type: 'CdrForwarded',
    data: {
      ...cdr,
      // The record's time zone, else the EVSE site's (station-management), in which tariff times of day are read.
      timeZone: cdr.timeZone ?? facts.evse?.timeZone ?? 'UTC',
      emspPartyId,
      agreementId: facts.routing.agreementId,
      forwardedAt: at,
      authorizationMode: facts.authorizationMode,
      ...(facts.priceCheck !== undefined && { priceCheck: facts.priceCheck }),
      ...(facts.routing.deliveryChannel !== undefined && { deliveryChannel: facts.routing.deliveryChannel }),
    },
  };
  const check = facts.priceCheck;
  if (check?.status !== 'DEVIATION') return [forwarded];
  const deviation: CdrPriceDeviation = {
    type: 'CdrPriceDeviation',
    data: { cdrId: cdr.cdrId, cpoPartyId: cdr.cpoPartyId, emspPartyId, check, detectedAt: at },
  };
  return [forwarded, deviation];
}
