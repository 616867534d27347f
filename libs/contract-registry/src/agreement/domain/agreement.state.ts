import type {
  AgreementChanges,
  AgreementEvent,
  AgreementRequestKind,
  AgreementSide,
  AgreementTerms,
  TimeoutPolicy,
} from './agreement.events';

/**
 * offered → active ⇄ suspended → terminated; offered → declined; any → deactivated ("delete", GeM UC 1513).
 * declined, terminated and deactivated are final: the agreement is kept with its history, never removed.
 */
export type AgreementStatus = 'offered' | 'active' | 'suspended' | 'declined' | 'terminated' | 'deactivated';

export interface PendingAgreementRequest {
  requestId: string;
  kind: AgreementRequestKind;
  requestedBy: AgreementSide;
  changes: AgreementChanges;
  reason: string | null;
  requestedAt: string;
}

export interface ExistingAgreement {
  kind: 'existing';
  agreementId: string;
  cpoPartyId: string;
  emspPartyId: string;
  validFrom: string;
  validUntil: string | null;
  tariffId: string | null;
  timeoutPolicy: TimeoutPolicy;
  status: AgreementStatus;
  offeredAt: string;
  acceptedAt: string | null;
  /** The side that suspended the agreement: only it may resume (GeM 1469). */
  suspendedBy: AgreementSide | null;
  /** At most one change, termination or prolongation request waits for an answer at a time. */
  pendingRequest: PendingAgreementRequest | null;
  /** How the last request was settled: a retried answer to it changes nothing. */
  lastAnsweredRequest: { requestId: string; outcome: 'accepted' | 'declined' | 'withdrawn' } | null;
  /** When it was declined, terminated or deactivated. */
  endedAt: string | null;
}

export type AgreementState = { kind: 'none' } | ExistingAgreement;

export const initialAgreementState = (): AgreementState => ({ kind: 'none' });

/** An agreement binds its parties while it is active or suspended (a suspended agreement "remains still valid"). */
export function isInForce(agreement: ExistingAgreement): boolean {
  return agreement.status === 'active' || agreement.status === 'suspended';
}

export function evolveAgreement(state: AgreementState, event: AgreementEvent): AgreementState {
  if (event.type === 'RoamingAgreementOffered') {
    return {
      kind: 'existing',
      ...terms(event.data),
      status: 'offered',
      offeredAt: event.data.offeredAt,
      acceptedAt: null,
      suspendedBy: null,
      pendingRequest: null,
      lastAnsweredRequest: null,
      endedAt: null,
    };
  }
  // Every later event presupposes the offer; on an empty stream it cannot have been decided.
  if (state.kind !== 'existing') return state;
  switch (event.type) {
    case 'RoamingAgreementAccepted':
      return { ...state, ...terms(event.data), status: 'active', acceptedAt: event.data.acceptedAt };
    case 'RoamingAgreementDeclined':
      return { ...state, status: 'declined', endedAt: event.data.declinedAt };
    case 'RoamingAgreementRequestMade': {
      const { requestId, kind, requestedBy, changes, reason, requestedAt } = event.data;
      return { ...state, pendingRequest: { requestId, kind, requestedBy, changes, reason, requestedAt } };
    }
    case 'RoamingAgreementRequestWithdrawn':
      return { ...state, pendingRequest: null, lastAnsweredRequest: answer(event.data.requestId, 'withdrawn') };
    case 'RoamingAgreementRequestDeclined':
      return { ...state, pendingRequest: null, lastAnsweredRequest: answer(event.data.requestId, 'declined') };
    case 'RoamingAgreementChanged':
      return {
        ...state,
        ...terms(event.data),
        status: event.data.status,
        pendingRequest: null,
        lastAnsweredRequest: answer(event.data.requestId, 'accepted'),
      };
    case 'RoamingAgreementTerminated':
      return {
        ...state,
        ...terms(event.data),
        status: 'terminated',
        pendingRequest: null,
        lastAnsweredRequest: answer(event.data.requestId, 'accepted'),
        suspendedBy: null,
        endedAt: event.data.terminatedAt,
      };
    case 'RoamingAgreementSuspended':
      return { ...state, ...terms(event.data), status: 'suspended', suspendedBy: event.data.suspendedBy };
    case 'RoamingAgreementResumed':
      return { ...state, ...terms(event.data), status: 'active', suspendedBy: null };
    case 'RoamingAgreementDeactivated':
      return {
        ...state,
        ...terms(event.data),
        status: 'deactivated',
        pendingRequest: null,
        suspendedBy: null,
        endedAt: event.data.deactivatedAt,
      };
  }
}

/** The terms with their defaults filled in (events from before a term existed lack it). */
type FullTerms = Omit<AgreementTerms, 'tariffId' | 'timeoutPolicy'> & {
  tariffId: string | null;
  timeoutPolicy: TimeoutPolicy;
};

function terms(data: AgreementTerms): FullTerms {
  return {
    agreementId: data.agreementId,
    cpoPartyId: data.cpoPartyId,
    emspPartyId: data.emspPartyId,
    validFrom: data.validFrom,
    validUntil: data.validUntil,
    tariffId: data.tariffId ?? null,
    timeoutPolicy: data.timeoutPolicy ?? 'deny',
  };
}

function answer(requestId: string, outcome: 'accepted' | 'declined' | 'withdrawn') {
  return { requestId, outcome };
}

/** The terms as events repeat them. */
export function termsOf(agreement: ExistingAgreement): FullTerms {
  return terms(agreement);
}
