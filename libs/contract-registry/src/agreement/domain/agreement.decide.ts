import { PartyId } from '@roaming/shared-kernel';
import type { AcceptRoamingAgreement, AgreementCommand, OfferRoamingAgreement } from './agreement.commands';
import { AgreementErrors } from './agreement.errors';
import type { AgreementEvent } from './agreement.events';
import { parseAgreementPeriod } from './agreement-period';
import type { AgreementState } from './agreement.state';

export function decideAgreement(command: AgreementCommand, state: AgreementState): AgreementEvent[] {
  switch (command.type) {
    case 'OfferRoamingAgreement':
      return offer(command, state);
    case 'AcceptRoamingAgreement':
      return accept(command, state);
  }
}

function offer({ data }: OfferRoamingAgreement, state: AgreementState): AgreementEvent[] {
  const cpoPartyId = PartyId.parse(data.cpoPartyId, 'cpoPartyId').value;
  const emspPartyId = PartyId.parse(data.emspPartyId, 'emspPartyId').value;
  // eMI3 AA: the B2B contract is between an EVSP and an EVSE operator, two different market parties.
  if (cpoPartyId === emspPartyId) throw AgreementErrors.partiesIdentical();
  const { validFrom, validUntil } = parseAgreementPeriod(data, data.at);
  if (state.kind === 'existing') {
    const same =
      state.cpoPartyId === cpoPartyId &&
      state.emspPartyId === emspPartyId &&
      state.validFrom === validFrom &&
      state.validUntil === validUntil;
    if (same) return [];
    throw AgreementErrors.exists(data.agreementId);
  }
  return [
    {
      type: 'RoamingAgreementOffered',
      data: { agreementId: data.agreementId, cpoPartyId, emspPartyId, validFrom, validUntil, offeredAt: data.at },
    },
  ];
}

function accept({ data }: AcceptRoamingAgreement, state: AgreementState): AgreementEvent[] {
  if (state.kind !== 'existing') throw AgreementErrors.notFound(data.agreementId);
  if (state.status === 'active') return [];
  // An offer whose period has run out can no longer be taken up.
  if (state.validUntil !== null && state.validUntil <= data.at) {
    throw AgreementErrors.notOffered(data.agreementId, 'its period ended before it was accepted');
  }
  return [
    {
      type: 'RoamingAgreementAccepted',
      data: {
        agreementId: state.agreementId,
        cpoPartyId: state.cpoPartyId,
        emspPartyId: state.emspPartyId,
        validFrom: state.validFrom,
        validUntil: state.validUntil,
        acceptedAt: data.at,
      },
    },
  ];
}
