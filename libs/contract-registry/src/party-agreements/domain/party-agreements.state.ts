import type { PartyAgreementsEvent } from './party-agreements.events';

export interface PartyAgreementsState {
  /** Agreements that still bind the party (offered, active or suspended), by id → counterparty. */
  open: Record<string, string>;
  retired: boolean;
}

export const initialPartyAgreementsState = (): PartyAgreementsState => ({ open: {}, retired: false });

export function evolvePartyAgreements(state: PartyAgreementsState, event: PartyAgreementsEvent): PartyAgreementsState {
  switch (event.type) {
    case 'PartyAgreementOpened':
      return { ...state, open: { ...state.open, [event.data.agreementId]: event.data.counterpartyId } };
    case 'PartyAgreementClosed': {
      const open = { ...state.open };
      delete open[event.data.agreementId];
      return { ...state, open };
    }
    case 'PartyRetired':
      return { ...state, retired: true };
    case 'PartyReinstated':
      return { ...state, retired: false };
  }
}
