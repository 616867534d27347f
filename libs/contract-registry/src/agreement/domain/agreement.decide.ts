import { PartyId } from '@roaming/shared-kernel';
import { parseInstant } from '../../shared/instant';
import { parseTariffId } from '../../tariff/domain/tariff-id';
import type {
  AcceptAgreementRequest,
  AcceptRoamingAgreement,
  AgreementCommand,
  DeactivateRoamingAgreement,
  DeclineAgreementRequest,
  DeclineRoamingAgreement,
  OfferRoamingAgreement,
  RequestAgreementChange,
  ResumeRoamingAgreement,
  SuspendRoamingAgreement,
  WithdrawAgreementRequest,
} from './agreement.commands';
import { AgreementErrors } from './agreement.errors';
import { type AgreementChanges, type AgreementEvent, TIMEOUT_POLICIES, type TimeoutPolicy } from './agreement.events';
import { parseAgreementPeriod } from './agreement-period';
import { type AgreementState, type ExistingAgreement, isInForce, termsOf } from './agreement.state';

/**
 * The roaming agreement's lifecycle as Green eMotion describes service contracts: offer and acceptance (UC 1485),
 * two-step change and termination where either party asks and the other accepts or declines while the requester may
 * withdraw (931, UC 1246/1247/1480/1481), suspend and resume by the suspending party (1469, UC 1490), prolongation
 * (FTR 1397) and "delete" that only deactivates (UC 1513). Repeating a step that already happened changes nothing.
 */
export function decideAgreement(command: AgreementCommand, state: AgreementState): AgreementEvent[] {
  switch (command.type) {
    case 'OfferRoamingAgreement':
      return offer(command, state);
    case 'AcceptRoamingAgreement':
      return accept(command, existing(state, command.data.agreementId));
    case 'DeclineRoamingAgreement':
      return decline(command, existing(state, command.data.agreementId));
    case 'RequestAgreementChange':
      return request(command, existing(state, command.data.agreementId));
    case 'AcceptAgreementRequest':
      return acceptRequest(command, existing(state, command.data.agreementId));
    case 'DeclineAgreementRequest':
      return declineRequest(command, existing(state, command.data.agreementId));
    case 'WithdrawAgreementRequest':
      return withdrawRequest(command, existing(state, command.data.agreementId));
    case 'SuspendRoamingAgreement':
      return suspend(command, existing(state, command.data.agreementId));
    case 'ResumeRoamingAgreement':
      return resume(command, existing(state, command.data.agreementId));
    case 'DeactivateRoamingAgreement':
      return deactivate(command, existing(state, command.data.agreementId));
  }
}

function existing(state: AgreementState, agreementId: string): ExistingAgreement {
  if (state.kind !== 'existing') throw AgreementErrors.notFound(agreementId);
  return state;
}

function offer({ data }: OfferRoamingAgreement, state: AgreementState): AgreementEvent[] {
  const cpoPartyId = PartyId.parse(data.cpoPartyId, 'cpoPartyId').value;
  const emspPartyId = PartyId.parse(data.emspPartyId, 'emspPartyId').value;
  // eMI3 AA: the B2B contract is between an EVSP and an EVSE operator, two different market parties.
  if (cpoPartyId === emspPartyId) throw AgreementErrors.partiesIdentical();
  const { validFrom, validUntil } = parseAgreementPeriod(data, data.at);
  const tariffId = data.tariffId === null ? null : parseTariffId(data.tariffId, 'tariffId');
  const timeoutPolicy = data.timeoutPolicy === undefined ? 'deny' : parseTimeoutPolicy(data.timeoutPolicy);
  if (state.kind === 'existing') {
    const same =
      state.cpoPartyId === cpoPartyId &&
      state.emspPartyId === emspPartyId &&
      state.validFrom === validFrom &&
      state.validUntil === validUntil &&
      state.tariffId === tariffId &&
      state.timeoutPolicy === timeoutPolicy;
    if (same) return [];
    throw AgreementErrors.exists(data.agreementId);
  }
  return [
    {
      type: 'RoamingAgreementOffered',
      data: {
        agreementId: data.agreementId,
        cpoPartyId,
        emspPartyId,
        validFrom,
        validUntil,
        tariffId,
        timeoutPolicy,
        offeredAt: data.at,
      },
    },
  ];
}

function accept({ data }: AcceptRoamingAgreement, agreement: ExistingAgreement): AgreementEvent[] {
  // Accepted before (whatever happened since): a retried acceptance changes nothing.
  if (agreement.acceptedAt !== null) return [];
  if (agreement.status !== 'offered')
    throw AgreementErrors.notOffered(agreement.agreementId, `it is ${agreement.status}`);
  // An offer whose period has run out can no longer be taken up.
  if (agreement.validUntil !== null && agreement.validUntil <= data.at) {
    throw AgreementErrors.notOffered(agreement.agreementId, 'its period ended before it was accepted');
  }
  return [{ type: 'RoamingAgreementAccepted', data: { ...termsOf(agreement), acceptedAt: data.at } }];
}

function decline({ data }: DeclineRoamingAgreement, agreement: ExistingAgreement): AgreementEvent[] {
  if (agreement.status === 'declined') return [];
  if (agreement.status !== 'offered')
    throw AgreementErrors.notOffered(agreement.agreementId, `it is ${agreement.status}`);
  return [
    {
      type: 'RoamingAgreementDeclined',
      data: { ...termsOf(agreement), reason: cleanReason(data.reason), declinedAt: data.at },
    },
  ];
}

function request({ data }: RequestAgreementChange, agreement: ExistingAgreement): AgreementEvent[] {
  const pending = agreement.pendingRequest;
  // The same request sent again (same Idempotency-Key, so the same request id) is already recorded.
  if (pending?.requestId === data.requestId) return [];
  if (!isInForce(agreement)) throw AgreementErrors.notInForce(agreement.agreementId, agreement.status);
  const changes = requestedChanges(data, agreement);
  if (pending) throw AgreementErrors.requestPending(agreement.agreementId, pending.requestId);
  return [
    {
      type: 'RoamingAgreementRequestMade',
      data: {
        agreementId: agreement.agreementId,
        requestId: data.requestId,
        kind: data.kind,
        requestedBy: data.by,
        changes,
        reason: cleanReason(data.reason),
        requestedAt: data.at,
      },
    },
  ];
}

/** Checks what a request asks for, by kind; returns only the fields it changes, in canonical form. */
function requestedChanges(data: RequestAgreementChange['data'], agreement: ExistingAgreement): AgreementChanges {
  switch (data.kind) {
    case 'termination':
      return {};
    case 'change': {
      const changes: AgreementChanges = {};
      if (data.validUntil !== undefined) {
        const validUntil = newEnd(data.validUntil, agreement, data.at);
        if (validUntil !== agreement.validUntil) changes.validUntil = validUntil;
      }
      if (data.tariffId !== undefined) {
        const tariffId = data.tariffId === null ? null : parseTariffId(data.tariffId, 'tariffId');
        if (tariffId !== agreement.tariffId) changes.tariffId = tariffId;
      }
      if (data.timeoutPolicy !== undefined) {
        const timeoutPolicy = parseTimeoutPolicy(data.timeoutPolicy);
        if (timeoutPolicy !== agreement.timeoutPolicy) changes.timeoutPolicy = timeoutPolicy;
      }
      if (Object.keys(changes).length === 0) throw AgreementErrors.changeEmpty();
      return changes;
    }
    case 'prolongation': {
      if (agreement.validUntil === null) {
        throw AgreementErrors.prolongationInvalid(
          'open-ended',
          'the agreement is open-ended: there is nothing to prolong',
        );
      }
      if (data.validUntil === undefined) {
        throw AgreementErrors.prolongationInvalid('required', 'validUntil is required (null for open-ended)');
      }
      const validUntil = newEnd(data.validUntil, agreement, data.at);
      if (validUntil !== null && validUntil <= agreement.validUntil) {
        throw AgreementErrors.prolongationInvalid(
          'later-than-current',
          'validUntil must be later than the current end',
        );
      }
      return { validUntil };
    }
  }
}

function newEnd(raw: string | null, agreement: ExistingAgreement, at: string): string | null {
  if (raw === null) return null;
  const validUntil = parseInstant(raw, 'validUntil', 'AGREEMENT_PERIOD_INVALID');
  if (validUntil <= agreement.validFrom) {
    throw AgreementErrors.periodInvalid('validUntil', 'after-validFrom', 'validUntil must be later than validFrom');
  }
  if (validUntil <= at)
    throw AgreementErrors.periodInvalid('validUntil', 'in-future', 'validUntil must lie in the future');
  return validUntil;
}

function acceptRequest({ data }: AcceptAgreementRequest, agreement: ExistingAgreement): AgreementEvent[] {
  const pending = agreement.pendingRequest;
  if (!pending || pending.requestId !== data.requestId) {
    if (answered(agreement, data.requestId, 'accepted')) return [];
    throw AgreementErrors.requestNotFound(agreement.agreementId, data.requestId);
  }
  if (pending.requestedBy === data.by) throw AgreementErrors.ownRequest(pending.requestId);
  if (pending.kind === 'termination') {
    // It ends now; an agreement that has not started yet ends where it would have begun (an empty period).
    const end = data.at < agreement.validFrom ? agreement.validFrom : data.at;
    const validUntil = agreement.validUntil !== null && agreement.validUntil < end ? agreement.validUntil : end;
    return [
      {
        type: 'RoamingAgreementTerminated',
        data: { ...termsOf(agreement), validUntil, requestId: pending.requestId, terminatedAt: data.at },
      },
    ];
  }
  const next = { ...termsOf(agreement), ...pending.changes };
  // Time went by since the request: an end that has passed meanwhile is no longer a valid change.
  if (next.validUntil !== null && next.validUntil <= data.at) {
    throw AgreementErrors.periodInvalid('validUntil', 'in-future', 'the requested validUntil has passed meanwhile');
  }
  return [
    {
      type: 'RoamingAgreementChanged',
      data: {
        ...next,
        requestId: pending.requestId,
        kind: pending.kind,
        status: agreement.status === 'suspended' ? 'suspended' : 'active',
        changedAt: data.at,
      },
    },
  ];
}

function declineRequest({ data }: DeclineAgreementRequest, agreement: ExistingAgreement): AgreementEvent[] {
  const pending = agreement.pendingRequest;
  if (!pending || pending.requestId !== data.requestId) {
    if (answered(agreement, data.requestId, 'declined')) return [];
    throw AgreementErrors.requestNotFound(agreement.agreementId, data.requestId);
  }
  if (pending.requestedBy === data.by) throw AgreementErrors.ownRequest(pending.requestId);
  return [
    {
      type: 'RoamingAgreementRequestDeclined',
      data: {
        agreementId: agreement.agreementId,
        requestId: pending.requestId,
        kind: pending.kind,
        declinedBy: data.by,
        reason: cleanReason(data.reason),
        declinedAt: data.at,
      },
    },
  ];
}

function withdrawRequest({ data }: WithdrawAgreementRequest, agreement: ExistingAgreement): AgreementEvent[] {
  const pending = agreement.pendingRequest;
  if (!pending || pending.requestId !== data.requestId) {
    if (answered(agreement, data.requestId, 'withdrawn')) return [];
    throw AgreementErrors.requestNotFound(agreement.agreementId, data.requestId);
  }
  if (pending.requestedBy !== data.by) throw AgreementErrors.notRequester(pending.requestId);
  return [
    {
      type: 'RoamingAgreementRequestWithdrawn',
      data: {
        agreementId: agreement.agreementId,
        requestId: pending.requestId,
        kind: pending.kind,
        withdrawnAt: data.at,
      },
    },
  ];
}

function suspend({ data }: SuspendRoamingAgreement, agreement: ExistingAgreement): AgreementEvent[] {
  if (agreement.status === 'suspended') return [];
  if (agreement.status !== 'active') throw AgreementErrors.notInForce(agreement.agreementId, agreement.status);
  return [
    {
      type: 'RoamingAgreementSuspended',
      data: { ...termsOf(agreement), suspendedBy: data.by, reason: cleanReason(data.reason), suspendedAt: data.at },
    },
  ];
}

function resume({ data }: ResumeRoamingAgreement, agreement: ExistingAgreement): AgreementEvent[] {
  if (agreement.status === 'active') return [];
  if (agreement.status !== 'suspended') throw AgreementErrors.notSuspended(agreement.agreementId, agreement.status);
  if (agreement.suspendedBy !== data.by) throw AgreementErrors.resumeByOtherParty(agreement.agreementId);
  return [{ type: 'RoamingAgreementResumed', data: { ...termsOf(agreement), resumedBy: data.by, resumedAt: data.at } }];
}

function deactivate({ data }: DeactivateRoamingAgreement, agreement: ExistingAgreement): AgreementEvent[] {
  if (agreement.status === 'deactivated') return [];
  const running = isInForce(agreement) && (agreement.validUntil === null || agreement.validUntil > data.at);
  // A party may only disable what no longer binds the other one; the operator (UC 1513) may end any agreement.
  if (running && data.by !== 'operator') throw AgreementErrors.inForce(agreement.agreementId);
  const end = data.at < agreement.validFrom ? agreement.validFrom : data.at;
  return [
    {
      type: 'RoamingAgreementDeactivated',
      data: {
        ...termsOf(agreement),
        validUntil: running ? end : agreement.validUntil,
        deactivatedBy: data.by,
        previousStatus: agreement.status,
        reason: cleanReason(data.reason),
        deactivatedAt: data.at,
      },
    },
  ];
}

/** Whether the request was answered this way before (a retried answer is a success that changes nothing). */
function answered(agreement: ExistingAgreement, requestId: string, outcome: 'accepted' | 'declined' | 'withdrawn') {
  return agreement.lastAnsweredRequest?.requestId === requestId && agreement.lastAnsweredRequest.outcome === outcome;
}

function parseTimeoutPolicy(value: unknown): TimeoutPolicy {
  if (!TIMEOUT_POLICIES.includes(value as TimeoutPolicy)) throw AgreementErrors.timeoutPolicyInvalid();
  return value as TimeoutPolicy;
}

function cleanReason(reason: string | null): string | null {
  const trimmed = reason?.trim();
  return trimmed ? trimmed : null;
}
