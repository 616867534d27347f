import { deciderSpec } from '@roaming/testing';
import type { AgreementCommand, OfferRoamingAgreement, RequestAgreementChange } from './agreement.commands';
import { agreementDecider } from './agreement.decider';
import type { AgreementEvent, AgreementTerms } from './agreement.events';

const agreementId = '00000000-0000-4000-8000-0000000000a1';
const requestId = '00000000-0000-4000-8000-0000000000b1';
const at = '2026-03-01T10:00:00.000Z';
const later = '2026-05-01T10:00:00.000Z';

const terms: AgreementTerms = {
  agreementId,
  cpoPartyId: 'DEABC',
  emspPartyId: 'NLEVB',
  validFrom: '2026-03-31T22:00:00.000Z',
  validUntil: '2027-04-01T00:00:00.000Z',
  tariffId: null,
  timeoutPolicy: 'deny',
};

const offer = (overrides: Partial<OfferRoamingAgreement['data']> = {}): OfferRoamingAgreement => ({
  type: 'OfferRoamingAgreement',
  data: {
    agreementId,
    cpoPartyId: 'DE*ABC',
    emspPartyId: 'nl-evb',
    validFrom: '2026-04-01T00:00:00+02:00',
    validUntil: '2027-04-01T00:00:00Z',
    tariffId: null,
    at,
    ...overrides,
  },
});
const offered: AgreementEvent = { type: 'RoamingAgreementOffered', data: { ...terms, offeredAt: at } };
const accept = (when = '2026-03-05T09:00:00.000Z') =>
  ({ type: 'AcceptRoamingAgreement', data: { agreementId, at: when } }) as const;
const accepted: AgreementEvent = {
  type: 'RoamingAgreementAccepted',
  data: { ...terms, acceptedAt: '2026-03-05T09:00:00.000Z' },
};
const suspendedByEmsp: AgreementEvent = {
  type: 'RoamingAgreementSuspended',
  data: { ...terms, suspendedBy: 'emsp', reason: null, suspendedAt: later },
};
const request = (
  kind: RequestAgreementChange['data']['kind'],
  by: 'cpo' | 'emsp',
  changes: { validUntil?: string | null; tariffId?: string | null } = {},
): RequestAgreementChange => ({
  type: 'RequestAgreementChange',
  data: { agreementId, requestId, kind, by, ...changes, reason: ' new prices ', at: later },
});
const requestMade = (
  kind: 'change' | 'termination' | 'prolongation',
  by: 'cpo' | 'emsp',
  changes: { validUntil?: string | null; tariffId?: string | null; timeoutPolicy?: 'deny' | 'allow-offline' } = {},
): AgreementEvent => ({
  type: 'RoamingAgreementRequestMade',
  data: { agreementId, requestId, kind, requestedBy: by, changes, reason: 'new prices', requestedAt: later },
});
const answer = (type: 'AcceptAgreementRequest' | 'WithdrawAgreementRequest', by: 'cpo' | 'emsp', id = requestId) =>
  ({ type, data: { agreementId, requestId: id, by, at: later } }) as AgreementCommand;
const declineRequest = (by: 'cpo' | 'emsp'): AgreementCommand => ({
  type: 'DeclineAgreementRequest',
  data: { agreementId, requestId, by, reason: 'too expensive', at: later },
});

const spec = () => deciderSpec(agreementDecider);

describe('roaming agreement decider', () => {
  describe('OfferRoamingAgreement (eMI3 AA: B2B contract between EVSP and EVSE operator; GeM UC 1497)', () => {
    it('records the offer with normalised parties and canonical UTC instants', () => {
      const state = spec().when(offer()).then([offered]);
      expect(state).toMatchObject({ status: 'offered', tariffId: null, pendingRequest: null });
    });

    it('records a negotiated tariff that overrides the public one for this EVSP', () => {
      spec()
        .when(offer({ tariffId: 'ROAMING-NLEVB' }))
        .then([{ type: 'RoamingAgreementOffered', data: { ...terms, tariffId: 'ROAMING-NLEVB', offeredAt: at } }]);
    });

    it('records the timeout policy for an EVSP asked in real time (allow-offline), and refuses an unknown one', () => {
      spec()
        .when(offer({ timeoutPolicy: 'allow-offline' }))
        .then([{ type: 'RoamingAgreementOffered', data: { ...terms, timeoutPolicy: 'allow-offline', offeredAt: at } }]);
      spec()
        .when(offer({ timeoutPolicy: 'maybe' as never }))
        .thenThrows('AGREEMENT_TIMEOUT_POLICY_INVALID', 'validation');
    });

    it('refuses a malformed tariff id', () => {
      const error = spec()
        .when(offer({ tariffId: 'has spaces' }))
        .thenThrows('TARIFF_ID_INVALID', 'validation');
      expect(error.details).toMatchObject({ field: 'tariffId' });
    });

    it('accepts an open-ended period', () => {
      spec()
        .when(offer({ validUntil: null }))
        .then([{ type: 'RoamingAgreementOffered', data: { ...terms, validUntil: null, offeredAt: at } }]);
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

    it('refuses an agreement of a party with itself, and malformed party ids', () => {
      spec()
        .when(offer({ emspPartyId: 'DEABC' }))
        .thenThrows('AGREEMENT_PARTIES_INVALID', 'validation');
      spec()
        .when(offer({ emspPartyId: 'NL' }))
        .thenThrows('PARTY_ID_INVALID', 'validation');
    });

    it('changes nothing when the same offer is retried, and refuses other terms under the same id', () => {
      spec().given([offered]).when(offer()).thenNothing();
      spec()
        .given([offered])
        .when(offer({ validUntil: null }))
        .thenThrows('AGREEMENT_EXISTS', 'conflict');
      spec()
        .given([offered])
        .when(offer({ tariffId: 'OTHER' }))
        .thenThrows('AGREEMENT_EXISTS', 'conflict');
    });
  });

  describe('AcceptRoamingAgreement / DeclineRoamingAgreement (GeM UC 1485)', () => {
    const decline = { type: 'DeclineRoamingAgreement', data: { agreementId, reason: ' no ', at: later } } as const;

    it('activates an offered agreement, repeating its terms', () => {
      const state = spec().given([offered]).when(accept()).then([accepted]);
      expect(state).toMatchObject({ status: 'active', acceptedAt: '2026-03-05T09:00:00.000Z' });
    });

    it('changes nothing when accepted twice, even after a later suspension', () => {
      spec().given([offered, accepted]).when(accept()).thenNothing();
      spec().given([offered, accepted, suspendedByEmsp]).when(accept()).thenNothing();
    });

    it('refuses an offer whose period has run out, a declined offer and an unknown agreement', () => {
      spec()
        .given([offered])
        .when(accept('2027-04-01T00:00:00.000Z'))
        .thenThrows('AGREEMENT_NOT_OFFERED', 'illegalState');
      spec()
        .given([offered, { type: 'RoamingAgreementDeclined', data: { ...terms, reason: null, declinedAt: later } }])
        .when(accept())
        .thenThrows('AGREEMENT_NOT_OFFERED', 'illegalState');
      spec().when(accept()).thenThrows('AGREEMENT_NOT_FOUND', 'notFound');
    });

    it('declines an offer, keeping the reason', () => {
      const state = spec()
        .given([offered])
        .when(decline)
        .then([{ type: 'RoamingAgreementDeclined', data: { ...terms, reason: 'no', declinedAt: later } }]);
      expect(state).toMatchObject({ status: 'declined', endedAt: later });
    });

    it('changes nothing when declining twice; refuses to decline an accepted agreement', () => {
      const declined: AgreementEvent = {
        type: 'RoamingAgreementDeclined',
        data: { ...terms, reason: 'no', declinedAt: later },
      };
      spec().given([offered, declined]).when(decline).thenNothing();
      spec().given([offered, accepted]).when(decline).thenThrows('AGREEMENT_NOT_OFFERED', 'illegalState');
    });
  });

  describe('RequestAgreementChange (GeM 931, UC 1246 change, UC 1480 termination, FTR 1397 prolongation)', () => {
    it('records a change request of either party with only the fields that change', () => {
      const state = spec()
        .given([offered, accepted])
        .when(request('change', 'emsp', { validUntil: '2027-04-01T00:00:00Z', tariffId: 'NEGOTIATED-1' }))
        .then([requestMade('change', 'emsp', { tariffId: 'NEGOTIATED-1' })]);
      expect(state).toMatchObject({ pendingRequest: { requestId, kind: 'change', requestedBy: 'emsp' } });
    });

    it('records a change of the timeout policy', () => {
      spec()
        .given([offered, accepted])
        .when({
          ...request('change', 'emsp'),
          data: { ...request('change', 'emsp').data, timeoutPolicy: 'allow-offline' },
        })
        .then([requestMade('change', 'emsp', { timeoutPolicy: 'allow-offline' })]);
    });

    it('records a change back to the public tariff and to an open end', () => {
      const negotiated: AgreementEvent = {
        type: 'RoamingAgreementAccepted',
        data: { ...terms, tariffId: 'NEG', acceptedAt: at },
      };
      spec()
        .given([offered, negotiated])
        .when(request('change', 'cpo', { tariffId: null, validUntil: null }))
        .then([requestMade('change', 'cpo', { validUntil: null, tariffId: null })]);
    });

    it('refuses a change request that changes nothing, an end before the start or in the past', () => {
      spec()
        .given([offered, accepted])
        .when(request('change', 'cpo', {}))
        .thenThrows('AGREEMENT_CHANGE_INVALID', 'validation');
      spec()
        .given([offered, accepted])
        .when(request('change', 'cpo', { tariffId: null }))
        .thenThrows('AGREEMENT_CHANGE_INVALID', 'validation');
      spec()
        .given([offered, accepted])
        .when(request('change', 'cpo', { validUntil: '2026-03-01T00:00:00Z' }))
        .thenThrows('AGREEMENT_PERIOD_INVALID', 'validation');
      spec()
        .given([offered, accepted])
        .when(request('change', 'cpo', { validUntil: '2026-04-15T00:00:00Z' }))
        .thenThrows('AGREEMENT_PERIOD_INVALID', 'validation');
    });

    it('records a termination request, also on a suspended agreement', () => {
      spec()
        .given([offered, accepted, suspendedByEmsp])
        .when(request('termination', 'cpo'))
        .then([requestMade('termination', 'cpo')]);
    });

    it('records a prolongation to a later end or to no end', () => {
      spec()
        .given([offered, accepted])
        .when(request('prolongation', 'emsp', { validUntil: '2028-04-01T00:00:00Z' }))
        .then([requestMade('prolongation', 'emsp', { validUntil: '2028-04-01T00:00:00.000Z' })]);
      spec()
        .given([offered, accepted])
        .when(request('prolongation', 'emsp', { validUntil: null }))
        .then([requestMade('prolongation', 'emsp', { validUntil: null })]);
    });

    it('refuses a prolongation that is not later, has no end given, or of an open-ended agreement', () => {
      spec()
        .given([offered, accepted])
        .when(request('prolongation', 'emsp', { validUntil: '2027-03-01T00:00:00Z' }))
        .thenThrows('AGREEMENT_PROLONGATION_INVALID', 'validation');
      spec()
        .given([offered, accepted])
        .when(request('prolongation', 'emsp'))
        .thenThrows('AGREEMENT_PROLONGATION_INVALID', 'validation');
      spec()
        .given([
          { type: 'RoamingAgreementOffered', data: { ...terms, validUntil: null, offeredAt: at } },
          { type: 'RoamingAgreementAccepted', data: { ...terms, validUntil: null, acceptedAt: at } },
        ])
        .when(request('prolongation', 'emsp', { validUntil: '2030-01-01T00:00:00Z' }))
        .thenThrows('AGREEMENT_PROLONGATION_INVALID', 'validation');
    });

    it('refuses requests on an offer and on an ended agreement', () => {
      spec().given([offered]).when(request('termination', 'cpo')).thenThrows('AGREEMENT_NOT_IN_FORCE', 'illegalState');
      const terminated: AgreementEvent = {
        type: 'RoamingAgreementTerminated',
        data: { ...terms, validUntil: later, requestId, terminatedAt: later },
      };
      spec()
        .given([offered, accepted, requestMade('termination', 'cpo'), terminated])
        .when({ ...request('termination', 'cpo'), data: { ...request('termination', 'cpo').data, requestId: 'r-2' } })
        .thenThrows('AGREEMENT_NOT_IN_FORCE', 'illegalState');
    });

    it('refuses a second request while one is pending; the same request again changes nothing', () => {
      const error = spec()
        .given([offered, accepted, requestMade('termination', 'cpo')])
        .when({
          ...request('change', 'emsp', { tariffId: 'X' }),
          data: { ...request('change', 'emsp', { tariffId: 'X' }).data, requestId: 'r-2' },
        })
        .thenThrows('AGREEMENT_REQUEST_PENDING', 'illegalState');
      expect(error.details).toMatchObject({ pendingRequestId: requestId });
      spec()
        .given([offered, accepted, requestMade('termination', 'cpo')])
        .when(request('termination', 'cpo'))
        .thenNothing();
    });
  });

  describe('AcceptAgreementRequest / DeclineAgreementRequest / WithdrawAgreementRequest (GeM UC 1247, UC 1481, 931)', () => {
    it("accepts the other party's change: new terms, status kept", () => {
      const state = spec()
        .given([offered, accepted, requestMade('change', 'emsp', { tariffId: 'NEG-1' })])
        .when(answer('AcceptAgreementRequest', 'cpo'))
        .then([
          {
            type: 'RoamingAgreementChanged',
            data: { ...terms, tariffId: 'NEG-1', requestId, kind: 'change', status: 'active', changedAt: later },
          },
        ]);
      expect(state).toMatchObject({ tariffId: 'NEG-1', pendingRequest: null, status: 'active' });
    });

    it('accepts a prolongation of a suspended agreement, which stays suspended', () => {
      spec()
        .given([offered, accepted, suspendedByEmsp, requestMade('prolongation', 'cpo', { validUntil: null })])
        .when(answer('AcceptAgreementRequest', 'emsp'))
        .then([
          {
            type: 'RoamingAgreementChanged',
            data: {
              ...terms,
              validUntil: null,
              requestId,
              kind: 'prolongation',
              status: 'suspended',
              changedAt: later,
            },
          },
        ]);
    });

    it('accepts a termination: the agreement ends now', () => {
      const state = spec()
        .given([offered, accepted, requestMade('termination', 'cpo')])
        .when(answer('AcceptAgreementRequest', 'emsp'))
        .then([
          { type: 'RoamingAgreementTerminated', data: { ...terms, validUntil: later, requestId, terminatedAt: later } },
        ]);
      expect(state).toMatchObject({ status: 'terminated', endedAt: later });
    });

    it('ends an agreement terminated before its start where it would have begun', () => {
      const early = '2026-03-10T00:00:00.000Z';
      spec()
        .given([offered, accepted, requestMade('termination', 'cpo')])
        .when({ type: 'AcceptAgreementRequest', data: { agreementId, requestId, by: 'emsp', at: early } })
        .then([
          {
            type: 'RoamingAgreementTerminated',
            data: { ...terms, validUntil: terms.validFrom, requestId, terminatedAt: early },
          },
        ]);
    });

    it('refuses a requested end that has passed by the time the request is accepted', () => {
      spec()
        .given([offered, accepted, requestMade('change', 'cpo', { validUntil: '2026-06-01T00:00:00.000Z' })])
        .when({
          type: 'AcceptAgreementRequest',
          data: { agreementId, requestId, by: 'emsp', at: '2026-07-01T00:00:00.000Z' },
        })
        .thenThrows('AGREEMENT_PERIOD_INVALID', 'validation');
    });

    it('refuses the requester answering its own request, and an unknown request', () => {
      spec()
        .given([offered, accepted, requestMade('termination', 'cpo')])
        .when(answer('AcceptAgreementRequest', 'cpo'))
        .thenThrows('AGREEMENT_REQUEST_OWN', 'forbidden');
      spec()
        .given([offered, accepted, requestMade('termination', 'cpo')])
        .when(declineRequest('cpo'))
        .thenThrows('AGREEMENT_REQUEST_OWN', 'forbidden');
      spec()
        .given([offered, accepted, requestMade('termination', 'cpo')])
        .when(answer('AcceptAgreementRequest', 'emsp', 'other-request'))
        .thenThrows('AGREEMENT_REQUEST_NOT_FOUND', 'notFound');
      spec()
        .given([offered, accepted])
        .when(answer('AcceptAgreementRequest', 'emsp'))
        .thenThrows('AGREEMENT_REQUEST_NOT_FOUND');
    });

    it('declines a request: nothing changes but the history', () => {
      const state = spec()
        .given([offered, accepted, requestMade('termination', 'cpo')])
        .when(declineRequest('emsp'))
        .then([
          {
            type: 'RoamingAgreementRequestDeclined',
            data: {
              agreementId,
              requestId,
              kind: 'termination',
              declinedBy: 'emsp',
              reason: 'too expensive',
              declinedAt: later,
            },
          },
        ]);
      expect(state).toMatchObject({ status: 'active', pendingRequest: null, validUntil: terms.validUntil });
    });

    it('lets the requester withdraw its pending request, and no one else', () => {
      spec()
        .given([offered, accepted, requestMade('change', 'emsp', { tariffId: 'X' })])
        .when(answer('WithdrawAgreementRequest', 'emsp'))
        .then([
          {
            type: 'RoamingAgreementRequestWithdrawn',
            data: { agreementId, requestId, kind: 'change', withdrawnAt: later },
          },
        ]);
      spec()
        .given([offered, accepted, requestMade('change', 'emsp', { tariffId: 'X' })])
        .when(answer('WithdrawAgreementRequest', 'cpo'))
        .thenThrows('AGREEMENT_REQUEST_NOT_YOURS', 'forbidden');
    });

    it('changes nothing when an answer is repeated, and refuses another answer to a settled request', () => {
      const withdrawn: AgreementEvent = {
        type: 'RoamingAgreementRequestWithdrawn',
        data: { agreementId, requestId, kind: 'change', withdrawnAt: later },
      };
      const history = [offered, accepted, requestMade('change', 'emsp', { tariffId: 'X' })];
      spec()
        .given([...history, withdrawn])
        .when(answer('WithdrawAgreementRequest', 'emsp'))
        .thenNothing();
      spec()
        .given([...history, withdrawn])
        .when(answer('AcceptAgreementRequest', 'cpo'))
        .thenThrows('AGREEMENT_REQUEST_NOT_FOUND', 'notFound');
      const changed: AgreementEvent = {
        type: 'RoamingAgreementChanged',
        data: { ...terms, tariffId: 'X', requestId, kind: 'change', status: 'active', changedAt: later },
      };
      spec()
        .given([...history, changed])
        .when(answer('AcceptAgreementRequest', 'cpo'))
        .thenNothing();
      spec()
        .given([...history, changed])
        .when(declineRequest('cpo'))
        .thenThrows('AGREEMENT_REQUEST_NOT_FOUND');
    });
  });

  describe('SuspendRoamingAgreement / ResumeRoamingAgreement (GeM 1469, UC 1490)', () => {
    const suspend = (by: 'cpo' | 'emsp') =>
      ({ type: 'SuspendRoamingAgreement', data: { agreementId, by, reason: null, at: later } }) as const;
    const resume = (by: 'cpo' | 'emsp') =>
      ({ type: 'ResumeRoamingAgreement', data: { agreementId, by, at: later } }) as const;

    it('suspends an active agreement and remembers who did', () => {
      const state = spec().given([offered, accepted]).when(suspend('emsp')).then([suspendedByEmsp]);
      expect(state).toMatchObject({ status: 'suspended', suspendedBy: 'emsp' });
    });

    it('changes nothing when suspending a suspended agreement; refuses to suspend an offer', () => {
      spec().given([offered, accepted, suspendedByEmsp]).when(suspend('cpo')).thenNothing();
      spec().given([offered]).when(suspend('cpo')).thenThrows('AGREEMENT_NOT_IN_FORCE', 'illegalState');
    });

    it('lets only the suspending party resume', () => {
      const state = spec()
        .given([offered, accepted, suspendedByEmsp])
        .when(resume('emsp'))
        .then([{ type: 'RoamingAgreementResumed', data: { ...terms, resumedBy: 'emsp', resumedAt: later } }]);
      expect(state).toMatchObject({ status: 'active', suspendedBy: null });
      spec()
        .given([offered, accepted, suspendedByEmsp])
        .when(resume('cpo'))
        .thenThrows('AGREEMENT_RESUME_NOT_ALLOWED', 'forbidden');
    });

    it('changes nothing when resuming an active agreement; refuses to resume an offer', () => {
      spec().given([offered, accepted]).when(resume('cpo')).thenNothing();
      spec().given([offered]).when(resume('cpo')).thenThrows('AGREEMENT_NOT_SUSPENDED', 'illegalState');
    });
  });

  describe('DeactivateRoamingAgreement ("delete", GeM UC 1513)', () => {
    const deactivate = (by: 'cpo' | 'emsp' | 'operator', when = later) =>
      ({ type: 'DeactivateRoamingAgreement', data: { agreementId, by, reason: null, at: when } }) as const;

    it('lets a party deactivate an offer (withdrawing it), keeping its period as it was', () => {
      const state = spec()
        .given([offered])
        .when(deactivate('cpo'))
        .then([
          {
            type: 'RoamingAgreementDeactivated',
            data: { ...terms, deactivatedBy: 'cpo', previousStatus: 'offered', reason: null, deactivatedAt: later },
          },
        ]);
      expect(state).toMatchObject({ status: 'deactivated', endedAt: later });
    });

    it('refuses a party deactivating an agreement in force (GeM 931: terminate with the other party first)', () => {
      spec().given([offered, accepted]).when(deactivate('emsp')).thenThrows('AGREEMENT_IN_FORCE', 'illegalState');
      spec()
        .given([offered, accepted, suspendedByEmsp])
        .when(deactivate('cpo'))
        .thenThrows('AGREEMENT_IN_FORCE', 'illegalState');
    });

    it('lets a party deactivate an agreement whose period has run out', () => {
      spec()
        .given([offered, accepted])
        .when(deactivate('emsp', '2027-05-01T00:00:00.000Z'))
        .then([
          {
            type: 'RoamingAgreementDeactivated',
            data: {
              ...terms,
              deactivatedBy: 'emsp',
              previousStatus: 'active',
              reason: null,
              deactivatedAt: '2027-05-01T00:00:00.000Z',
            },
          },
        ]);
    });

    it('lets the operator deactivate an agreement in force, which ends it now and drops a pending request', () => {
      const state = spec()
        .given([offered, accepted, requestMade('termination', 'cpo')])
        .when(deactivate('operator'))
        .then([
          {
            type: 'RoamingAgreementDeactivated',
            data: {
              ...terms,
              validUntil: later,
              deactivatedBy: 'operator',
              previousStatus: 'active',
              reason: null,
              deactivatedAt: later,
            },
          },
        ]);
      expect(state).toMatchObject({ pendingRequest: null, status: 'deactivated' });
    });

    it('changes nothing when deactivated twice; refuses an unknown agreement', () => {
      const deactivated: AgreementEvent = {
        type: 'RoamingAgreementDeactivated',
        data: { ...terms, deactivatedBy: 'cpo', previousStatus: 'offered', reason: null, deactivatedAt: later },
      };
      spec().given([offered, deactivated]).when(deactivate('emsp')).thenNothing();
      spec().when(deactivate('operator')).thenThrows('AGREEMENT_NOT_FOUND', 'notFound');
    });

    it('refuses every step on a deactivated agreement', () => {
      const deactivated: AgreementEvent = {
        type: 'RoamingAgreementDeactivated',
        data: { ...terms, deactivatedBy: 'operator', previousStatus: 'active', reason: null, deactivatedAt: later },
      };
      const history = [offered, accepted, deactivated];
      spec().given(history).when(request('termination', 'cpo')).thenThrows('AGREEMENT_NOT_IN_FORCE');
      spec().given(history).when(suspend()).thenThrows('AGREEMENT_NOT_IN_FORCE');

      function suspend(): AgreementCommand {
        return { type: 'SuspendRoamingAgreement', data: { agreementId, by: 'cpo', reason: null, at: later } };
      }
    });
  });
});
