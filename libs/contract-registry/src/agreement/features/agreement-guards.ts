import type { AgreementPairCommand } from '../../agreement-pair/domain/agreement-pair.commands';
import type { PartyAgreementsCommand } from '../../party-agreements/domain/party-agreements.commands';
import type { AgreementEvent } from '../domain/agreement.events';

/** How an agreement event moves the pair's reserved periods; undefined = it does not. */
export function pairCommandFor(event: AgreementEvent): AgreementPairCommand | undefined {
  switch (event.type) {
    case 'RoamingAgreementOffered': {
      const { agreementId, cpoPartyId, emspPartyId, validFrom, validUntil } = event.data;
      return { type: 'ReserveAgreementPeriod', data: { agreementId, cpoPartyId, emspPartyId, validFrom, validUntil } };
    }
    case 'RoamingAgreementDeclined':
      return release(event.data);
    case 'RoamingAgreementChanged':
    case 'RoamingAgreementTerminated':
      return change(event.data);
    case 'RoamingAgreementDeactivated':
      // An offer withdrawn never held its period; an agreement that was in force keeps the part it was in force.
      return event.data.previousStatus === 'offered' ? release(event.data) : change(event.data);
    default:
      return undefined;
  }
}

type PeriodFacts = {
  agreementId: string;
  cpoPartyId: string;
  emspPartyId: string;
  validFrom: string;
  validUntil: string | null;
};

function release({ agreementId, cpoPartyId, emspPartyId }: PeriodFacts): AgreementPairCommand {
  return { type: 'ReleaseAgreementPeriod', data: { agreementId, cpoPartyId, emspPartyId } };
}

function change(facts: PeriodFacts): AgreementPairCommand {
  const { agreementId, cpoPartyId, emspPartyId, validFrom, validUntil } = facts;
  // Ended before it began: an empty period blocks nothing.
  if (validUntil !== null && validUntil <= validFrom) return release(facts);
  return { type: 'ChangeAgreementPeriod', data: { agreementId, cpoPartyId, emspPartyId, validFrom, validUntil } };
}

/** An offer opens the agreement in both parties' ledgers; declining, terminating or deactivating closes it. */
export function ledgerCommandsFor(event: AgreementEvent): PartyAgreementsCommand[] {
  switch (event.type) {
    case 'RoamingAgreementOffered': {
      const { agreementId, cpoPartyId, emspPartyId, offeredAt: at } = event.data;
      return [
        { type: 'OpenPartyAgreement', data: { partyId: cpoPartyId, agreementId, counterpartyId: emspPartyId, at } },
        { type: 'OpenPartyAgreement', data: { partyId: emspPartyId, agreementId, counterpartyId: cpoPartyId, at } },
      ];
    }
    case 'RoamingAgreementDeclined':
      return closeForBoth(event.data, event.data.declinedAt);
    case 'RoamingAgreementTerminated':
      return closeForBoth(event.data, event.data.terminatedAt);
    case 'RoamingAgreementDeactivated':
      return closeForBoth(event.data, event.data.deactivatedAt);
    default:
      return [];
  }
}

function closeForBoth({ agreementId, cpoPartyId, emspPartyId }: PeriodFacts, at: string): PartyAgreementsCommand[] {
  return [cpoPartyId, emspPartyId].map((partyId) => ({
    type: 'ClosePartyAgreement',
    data: { partyId, agreementId, at },
  }));
}
