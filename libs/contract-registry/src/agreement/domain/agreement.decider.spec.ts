import { deciderSpec } from '@roaming/testing';
import type { OfferRoamingAgreement } from './agreement.commands';
import { agreementDecider } from './agreement.decider';
import type { AgreementEvent } from './agreement.events';

const agreementId = '00000000-0000-4000-8000-0000000000a1';
const at = '2026-03-01T10:00:00.000Z';

const offer = (overrides: Partial<OfferRoamingAgreement['data']> = {}): OfferRoamingAgreement => ({
  type: 'OfferRoamingAgreement',
  data: {
    agreementId,
    cpoPartyId: 'DE*ABC',
    emspPartyId: 'nl-evb',
    validFrom: '2026-04-01T00:00:00+02:00',
    validUntil: '2027-04-01T00:00:00Z',
    at,
    ...overrides,
  },
});
const offered: AgreementEvent = {
  type: 'RoamingAgreementOffered',
  data: {
    agreementId,
    cpoPartyId: 'DEABC',
    emspPartyId: 'NLEVB',
    validFrom: '2026-03-31T22:00:00.000Z',
    validUntil: '2027-04-01T00:00:00.000Z',
    offeredAt: at,
  },
};
const accept = (when = '2026-03-05T09:00:00.000Z') =>
  ({ type: 'AcceptRoamingAgreement', data: { agreementId, at: when } }) as const;
const accepted: AgreementEvent = {
  type: 'RoamingAgreementAccepted',
  data: {
    agreementId,
    cpoPartyId: 'DEABC',
    emspPartyId: 'NLEVB',
    validFrom: '2026-03-31T22:00:00.000Z',
    validUntil: '2027-04-01T00:00:00.000Z',
    acceptedAt: '2026-03-05T09:00:00.000Z',
  },
};

const spec = () => deciderSpec(agreementDecider);

describe('roaming agreement decider', () => {
  describe('OfferRoamingAgreement (eMI3 AA: B2B contract between EVSP and EVSE operator; GeM UC 1497)', () => {
    it('records the offer with normalised parties and canonical UTC instants', () => {
      const state = spec().when(offer()).then([offered]);
      expect(state).toMatchObject({ status: 'offered' });
    });

    it('accepts an open-ended period', () => {
      spec()
        .when(offer({ validUntil: null }))
        .then([{ ...offered, data: { ...offered.data, validUntil: null } } as AgreementEvent]);
    });

    it('refuses an end not after the start, an end already past, and a malformed instant', () => {
      spec()
        .when(offer({ validUntil: '2026-03-31T22:00:00Z' }))
        .thenThrows('AGREEMENT_PERIOD_INVALID', 'validation');
      spec()
        .when(offer({ validFrom: '2025-01-01T00:00:00Z', validUntil: '2026-02-01T00:00:00Z' }))
        .thenThrows('AGREEMENT_PERIOD_INVALID', 'validation');
      const error = spec()
        .when(offer({ validFrom: '2026-04-01' }))
        .thenThrows('AGREEMENT_PERIOD_INVALID');
      expect(error.details).toMatchObject({ field: 'validFrom', rule: 'iso-8601' });
    });

    it('refuses an agreement of a party with itself', () => {
      spec()
        .when(offer({ emspPartyId: 'DEABC' }))
        .thenThrows('AGREEMENT_PARTIES_INVALID', 'validation');
    });

    it('refuses malformed party ids', () => {
      spec()
        .when(offer({ emspPartyId: 'NL' }))
        .thenThrows('PARTY_ID_INVALID', 'validation');
    });

    it('changes nothing when the same offer is retried', () => {
      spec().given([offered]).when(offer()).thenNothing();
    });

    it('refuses different terms under an existing agreement id', () => {
      spec()
        .given([offered])
        .when(offer({ validUntil: null }))
        .thenThrows('AGREEMENT_EXISTS', 'conflict');
    });
  });

  describe('AcceptRoamingAgreement (GeM UC 1485: the contract exists once the offering is accepted)', () => {
    it('activates an offered agreement', () => {
      const state = spec().given([offered]).when(accept()).then([accepted]);
      expect(state).toMatchObject({ status: 'active', acceptedAt: '2026-03-05T09:00:00.000Z' });
    });

    it('changes nothing when accepted twice', () => {
      spec().given([offered, accepted]).when(accept()).thenNothing();
    });

    it('refuses an offer whose period has run out', () => {
      spec()
        .given([offered])
        .when(accept('2027-04-01T00:00:00.000Z'))
        .thenThrows('AGREEMENT_NOT_OFFERED', 'illegalState');
    });

    it('refuses an unknown agreement', () => {
      spec().when(accept()).thenThrows('AGREEMENT_NOT_FOUND', 'notFound');
    });
  });
});
