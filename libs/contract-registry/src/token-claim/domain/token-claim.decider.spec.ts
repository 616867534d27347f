import { deciderSpec } from '@roaming/testing';
import { tokenClaimDecider } from './token-claim.decider';
import type { TokenClaimEvent } from './token-claim.events';

const at = '2026-03-01T10:00:00.000Z';
const claim = (emaid: string) =>
  ({ type: 'ClaimTokenUid', data: { emspPartyId: 'NLEVB', uid: '04A2B3C4', emaid, at } }) as const;
const claimed: TokenClaimEvent = {
  type: 'TokenUidClaimed',
  data: { emspPartyId: 'NLEVB', uid: '04A2B3C4', emaid: 'NLEVBC00000001I', claimedAt: at },
};

describe('token claim decider (a token uid names one contract per EVSP)', () => {
  it('claims a free uid for a contract', () => {
    deciderSpec(tokenClaimDecider).when(claim('NLEVBC00000001I')).then([claimed]);
  });

  it('changes nothing when the same contract claims again (retried registration)', () => {
    deciderSpec(tokenClaimDecider).given([claimed]).when(claim('NLEVBC00000001I')).thenNothing();
  });

  it('refuses a uid held by another contract of the EVSP, without echoing the uid', () => {
    const error = deciderSpec(tokenClaimDecider)
      .given([claimed])
      .when(claim('NLEVBC00000002O'))
      .thenThrows('TOKEN_UID_TAKEN', 'conflict');
    expect(error.message).not.toContain('04A2B3C4');
  });
});
