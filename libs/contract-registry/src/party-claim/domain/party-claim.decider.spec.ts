import { deciderSpec } from '@roaming/testing';
import { partyClaimDecider } from './party-claim.decider';
import type { PartyClaimEvent } from './party-claim.events';

const at = '2026-03-01T10:00:00.000Z';
const owner = '00000000-0000-4000-8000-000000000001';
const other = '00000000-0000-4000-8000-000000000002';
const claim = (partnerId: string) => ({ type: 'ClaimPartyId', data: { partyId: 'DEABC', partnerId, at } }) as const;
const claimed: PartyClaimEvent = {
  type: 'PartyIdClaimed',
  data: { partyId: 'DEABC', partnerId: owner, claimedAt: at },
};

describe('party claim decider', () => {
  it('claims a free party id for a partner', () => {
    deciderSpec(partyClaimDecider).when(claim(owner)).then([claimed]);
  });

  it('changes nothing when the owner claims again (retried registration)', () => {
    deciderSpec(partyClaimDecider).given([claimed]).when(claim(owner)).thenNothing();
  });

  it('refuses a party id held by another partner', () => {
    deciderSpec(partyClaimDecider).given([claimed]).when(claim(other)).thenThrows('PARTY_ID_TAKEN', 'conflict');
  });
});
