import type { AgreementEvent } from './agreement.events';

export type AgreementStatus = 'offered' | 'active';

export interface ExistingAgreement {
  kind: 'existing';
  agreementId: string;
  cpoPartyId: string;
  emspPartyId: string;
  validFrom: string;
  validUntil: string | null;
  status: AgreementStatus;
  offeredAt: string;
  acceptedAt: string | null;
}

export type AgreementState = { kind: 'none' } | ExistingAgreement;

export const initialAgreementState = (): AgreementState => ({ kind: 'none' });

export function evolveAgreement(state: AgreementState, event: AgreementEvent): AgreementState {
  switch (event.type) {
    case 'RoamingAgreementOffered':
      return {
        kind: 'existing',
        agreementId: event.data.agreementId,
        cpoPartyId: event.data.cpoPartyId,
        emspPartyId: event.data.emspPartyId,
        validFrom: event.data.validFrom,
        validUntil: event.data.validUntil,
        status: 'offered',
        offeredAt: event.data.offeredAt,
        acceptedAt: null,
      };
    case 'RoamingAgreementAccepted':
      return state.kind === 'existing' ? { ...state, status: 'active', acceptedAt: event.data.acceptedAt } : state;
  }
}
