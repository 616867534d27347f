import type { RecordedEvent } from '@roaming/event-store';
import type { AgreementChanges, AgreementRequestKind, AgreementSide, TimeoutPolicy } from '../domain/agreement.events';
import type { AgreementStatus, ExistingAgreement } from '../domain/agreement.state';

export interface AgreementRequestView {
  requestId: string;
  kind: AgreementRequestKind;
  requestedBy: AgreementSide;
  changes: AgreementChanges;
  reason: string | null;
  requestedAt: string;
}

export interface AgreementView {
  agreementId: string;
  cpoPartyId: string;
  emspPartyId: string;
  status: AgreementStatus;
  validFrom: string;
  validUntil: string | null;
  /** The negotiated tariff that overrides the CPO's public tariff for this EVSP; null = the public tariff applies. */
  tariffId: string | null;
  /** When the EVSP's real-time authorization does not answer in time: deny, or allow the start (allow-offline). */
  timeoutPolicy: TimeoutPolicy;
  /** The change, termination or prolongation request waiting for the other party, if any. */
  pendingRequest: AgreementRequestView | null;
}

/** One entry of the agreement's history (GeM UC 1479: "details and history" of a contract). */
export interface AgreementHistoryEntry {
  type: string;
  at: string;
  /** The party that acted (the CPO offering, the EVSP accepting, …) or 'operator'. */
  actor: string | null;
  /** What the step carried besides the terms: the request, its kind and changes, a reason, … */
  details: Record<string, unknown>;
}

export interface AgreementDetailView extends AgreementView {
  offeredAt: string;
  acceptedAt: string | null;
  suspendedBy: AgreementSide | null;
  endedAt: string | null;
  history: AgreementHistoryEntry[];
}

export function toAgreementView(agreement: ExistingAgreement): AgreementView {
  return {
    agreementId: agreement.agreementId,
    cpoPartyId: agreement.cpoPartyId,
    emspPartyId: agreement.emspPartyId,
    status: agreement.status,
    validFrom: agreement.validFrom,
    validUntil: agreement.validUntil,
    tariffId: agreement.tariffId,
    timeoutPolicy: agreement.timeoutPolicy,
    pendingRequest: agreement.pendingRequest ? { ...agreement.pendingRequest } : null,
  };
}

/** Fields every agreement event repeats; the history shows only what is particular to each step. */
const TERMS = new Set([
  'agreementId',
  'cpoPartyId',
  'emspPartyId',
  'validFrom',
  'validUntil',
  'tariffId',
  'timeoutPolicy',
]);

export function toAgreementDetail(agreement: ExistingAgreement, events: readonly RecordedEvent[]): AgreementDetailView {
  return {
    ...toAgreementView(agreement),
    offeredAt: agreement.offeredAt,
    acceptedAt: agreement.acceptedAt,
    suspendedBy: agreement.suspendedBy,
    endedAt: agreement.endedAt,
    history: events.map((e) => ({
      type: e.type,
      at: e.recordedAt,
      actor: typeof e.metadata.actor === 'string' ? e.metadata.actor : null,
      details: Object.fromEntries(
        Object.entries(e.data as Record<string, unknown>).filter(([key]) => !TERMS.has(key) && !key.endsWith('At')),
      ),
    })),
  };
}
