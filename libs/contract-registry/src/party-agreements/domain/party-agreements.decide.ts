import type { PartyAgreementsCommand } from './party-agreements.commands';
import { PartyAgreementsErrors } from './party-agreements.errors';
import type { PartyAgreementsEvent } from './party-agreements.events';
import type { PartyAgreementsState } from './party-agreements.state';

/**
 * One ledger stream per party keeps "a partner with agreements that still bind it cannot be deactivated" (GeM UC 1380)
 * consistent: an offer appends to both parties' ledgers and a deactivation retires the same ledgers, so the two
 * racing meet on the stream version and the loser re-decides on what the winner did.
 */
export function decidePartyAgreements(
  command: PartyAgreementsCommand,
  state: PartyAgreementsState,
): PartyAgreementsEvent[] {
  switch (command.type) {
    case 'OpenPartyAgreement': {
      const { partyId, agreementId, counterpartyId, at } = command.data;
      if (state.open[agreementId] !== undefined) return [];
      if (state.retired) throw PartyAgreementsErrors.retired(partyId);
      return [{ type: 'PartyAgreementOpened', data: { partyId, agreementId, counterpartyId, openedAt: at } }];
    }
    case 'ClosePartyAgreement': {
      const { partyId, agreementId, at } = command.data;
      if (state.open[agreementId] === undefined) return [];
      return [{ type: 'PartyAgreementClosed', data: { partyId, agreementId, closedAt: at } }];
    }
    case 'RetireParty': {
      const { partyId, partnerId, at } = command.data;
      if (state.retired) return [];
      const open = Object.keys(state.open).sort();
      if (open.length > 0) throw PartyAgreementsErrors.openAgreements(partyId, open);
      return [{ type: 'PartyRetired', data: { partyId, partnerId, retiredAt: at } }];
    }
    case 'ReinstateParty': {
      const { partyId, partnerId, at } = command.data;
      if (!state.retired) return [];
      return [{ type: 'PartyReinstated', data: { partyId, partnerId, reinstatedAt: at } }];
    }
  }
}
