import { deciderSpec } from '@roaming/testing';
import { partyAgreementsDecider } from './party-agreements.decider';
import type { PartyAgreementsEvent } from './party-agreements.events';

const at = '2026-03-01T10:00:00.000Z';
const open = (agreementId: string) =>
  ({ type: 'OpenPartyAgreement', data: { partyId: 'DEABC', agreementId, counterpartyId: 'NLEVB', at } }) as const;
const close = (agreementId: string) =>
  ({ type: 'ClosePartyAgreement', data: { partyId: 'DEABC', agreementId, at } }) as const;
const retire = { type: 'RetireParty', data: { partyId: 'DEABC', partnerId: 'p-1', at } } as const;
const reinstate = { type: 'ReinstateParty', data: { partyId: 'DEABC', partnerId: 'p-1', at } } as const;

const opened = (agreementId: string): PartyAgreementsEvent => ({
  type: 'PartyAgreementOpened',
  data: { partyId: 'DEABC', agreementId, counterpartyId: 'NLEVB', openedAt: at },
});
const closed = (agreementId: string): PartyAgreementsEvent => ({
  type: 'PartyAgreementClosed',
  data: { partyId: 'DEABC', agreementId, closedAt: at },
});
const retired: PartyAgreementsEvent = {
  type: 'PartyRetired',
  data: { partyId: 'DEABC', partnerId: 'p-1', retiredAt: at },
};

const spec = () => deciderSpec(partyAgreementsDecider);

describe('party agreements ledger (GeM UC 1380: no deactivation while agreements bind the partner)', () => {
  it('opens and closes agreements, each once', () => {
    const state = spec()
      .when(open('a-1'))
      .then([opened('a-1')]);
    expect(state.open).toEqual({ 'a-1': 'NLEVB' });
    spec()
      .given([opened('a-1')])
      .when(open('a-1'))
      .thenNothing();
    spec()
      .given([opened('a-1')])
      .when(close('a-1'))
      .then([closed('a-1')]);
    spec()
      .given([opened('a-1'), closed('a-1')])
      .when(close('a-1'))
      .thenNothing();
  });

  it('retires a party without open agreements, once', () => {
    spec()
      .given([opened('a-1'), closed('a-1')])
      .when(retire)
      .then([retired]);
    spec().given([retired]).when(retire).thenNothing();
  });

  it('refuses to retire a party with open agreements and names them (UC 1380 "Deactivation not accomplished")', () => {
    const error = spec()
      .given([opened('a-2'), opened('a-1'), opened('a-3'), closed('a-3')])
      .when(retire)
      .thenThrows('PARTNER_HAS_OPEN_AGREEMENTS', 'illegalState');
    expect(error.details).toMatchObject({ agreementIds: ['a-1', 'a-2'] });
  });

  it('refuses a new agreement for a retired party, and opens again once it is reinstated (UC 1379)', () => {
    spec().given([retired]).when(open('a-1')).thenThrows('COUNTERPARTY_DEACTIVATED', 'illegalState');
    spec()
      .given([retired])
      .when(reinstate)
      .then([{ type: 'PartyReinstated', data: { partyId: 'DEABC', partnerId: 'p-1', reinstatedAt: at } }]);
    spec().when(reinstate).thenNothing();
  });
});
