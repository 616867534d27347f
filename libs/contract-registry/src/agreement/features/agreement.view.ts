import type { RecordedEvent } from '@roaming/event-store';
import type { AgreementStatus, ExistingAgreement } from '../domain/agreement.state';

export interface AgreementView {
  agreementId: string;
  cpoPartyId: string;
  emspPartyId: string;
  status: AgreementStatus;
  validFrom: string;
  validUntil: string | null;
}

/** One entry of the agreement's history (GeM UC 1479: "details and history" of a contract). */
export interface AgreementHistoryEntry {
  type: string;
  at: string;
  /** The party that acted (the CPO offering, the EVSP accepting). */
  actor: string | null;
}

export interface AgreementDetailView extends AgreementView {
  offeredAt: string;
  acceptedAt: string | null;
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
  };
}

export function toAgreementDetail(agreement: ExistingAgreement, events: readonly RecordedEvent[]): AgreementDetailView {
  return {
    ...toAgreementView(agreement),
    offeredAt: agreement.offeredAt,
    acceptedAt: agreement.acceptedAt,
    history: events.map((e) => ({
      type: e.type,
      at: e.recordedAt,
      actor: typeof e.metadata.actor === 'string' ? e.metadata.actor : null,
    })),
  };
}
