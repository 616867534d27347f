import type { CdrRecord } from './cdr-record';
import { differingFields, sameCdrContent } from './cdr-record';
import type { CdrRoutingFacts, ReceiveCdr } from './cdr.commands';
import { cdrDuplicateDifferent, cdrStreamMismatch } from './cdr.errors';
import type { CdrEvent, CdrForwarded, CdrReceived, CdrRejected } from './cdr.events';
import { checkPlausibility, type CdrRefusal } from './cdr.plausibility';
import type { CdrState } from './cdr.state';

/**
 * ReceiveCdr (IEC 63119-2 UC3-9, eMI3 UC 200 steps 15.1/16.1, GeM 984 / UC 1511):
 * - a new CDR is recorded (CdrReceived) and then either forwarded to the home EVSP (CdrForwarded) or refused with a
 *   stable code (CdrRejected): plausibility first, then routing (EVSP known and active, agreement in force);
 * - the same CDR again changes nothing once forwarded (one final record per session; the caller gets the same
 *   answer); after a rejection it is judged again, because a refusal for a missing partner or agreement may be
 *   lifted by the registry, while an unchanged verdict adds nothing;
 * - the same CDR id with other content is a conflict: CDRs are immutable.
 */
export function decideCdr(command: ReceiveCdr, state: CdrState): CdrEvent[] {
  const { cdr, receivedAt, routing } = command.data;
  switch (state.status) {
    case 'new':
      return [received(cdr, receivedAt), verdict(cdr, routing, receivedAt)];
    case 'received':
      assertSameCdr(state.cdr, cdr);
      return [verdict(cdr, routing, receivedAt)];
    case 'forwarded':
      assertSameCdr(state.cdr, cdr);
      return [];
    case 'rejected': {
      assertSameCdr(state.cdr, cdr);
      const again = verdict(cdr, routing, receivedAt);
      return again.type === 'CdrRejected' && again.data.code === state.code ? [] : [again];
    }
  }
}

function assertSameCdr(known: CdrRecord, sent: CdrRecord): void {
  if (known.cdrId !== sent.cdrId || known.cpoPartyId !== sent.cpoPartyId) {
    throw cdrStreamMismatch(sent.cdrId, sent.cpoPartyId);
  }
  if (!sameCdrContent(known, sent))
    throw cdrDuplicateDifferent(sent.cdrId, sent.cpoPartyId, differingFields(known, sent));
}

function received(cdr: CdrRecord, receivedAt: string): CdrReceived {
  return { type: 'CdrReceived', data: { ...cdr, receivedAt } };
}

function verdict(cdr: CdrRecord, routing: CdrRoutingFacts, at: string): CdrForwarded | CdrRejected {
  const outcome = checkPlausibility(cdr) ?? route(cdr, routing);
  if ('code' in outcome) {
    const { code, reason } = outcome;
    return {
      type: 'CdrRejected',
      data: {
        cdrId: cdr.cdrId,
        cpoPartyId: cdr.cpoPartyId,
        emspPartyId: routing.emspPartyId,
        code,
        reason,
        rejectedAt: at,
      },
    };
  }
  return {
    type: 'CdrForwarded',
    data: { ...cdr, emspPartyId: routing.emspPartyId, agreementId: outcome.agreementId, forwardedAt: at },
  };
}

/** GeM 982/1270: the clearing house routes only to EVSP partners bound to the CPO by a roaming agreement. */
function route(cdr: CdrRecord, routing: CdrRoutingFacts): CdrRefusal | { agreementId: string } {
  const emsp = routing.emspPartyId;
  switch (routing.provider) {
    case 'unknown':
      return {
        code: 'CDR_UNKNOWN_PROVIDER',
        reason: `the contract's provider ${emsp} is not an EVSP partner of the clearing house`,
      };
    case 'deactivated':
      return {
        code: 'CDR_UNKNOWN_PROVIDER',
        reason: `the contract's provider ${emsp} is no longer a partner of the clearing house`,
      };
    case 'suspended':
      return { code: 'CDR_PROVIDER_SUSPENDED', reason: `the contract's provider ${emsp} is suspended` };
    case 'active':
      if (routing.agreementId !== null) return { agreementId: routing.agreementId };
      return {
        code: 'CDR_NO_AGREEMENT',
        reason: `no roaming agreement between ${cdr.cpoPartyId} and ${emsp} was in force at the session start ${cdr.startedAt}`,
      };
  }
}
