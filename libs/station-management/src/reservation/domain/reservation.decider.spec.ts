import { deciderSpec } from '@roaming/testing';
import type { RequestReservation } from './reservation.commands';
import { reservationDecider } from './reservation.decider';
import type { ReservationEvent } from './reservation.events';
import type { ReservationFacts } from './reservation.facts';

const AT = '2026-03-01T10:00:00.000Z';
const UNTIL = '2026-03-01T10:30:00.000Z';
const parties = { reservationId: 'r-1', evseId: 'DE*ABC*E1', cpoPartyId: 'DEABC', emspPartyId: 'DE8AA' };
const token = { uid: '04A2B3C4', type: 'RFID' as const };
const facts = (overrides: Partial<ReservationFacts> = {}): ReservationFacts => ({
  evse: { status: 'PUBLISHED', reservationAllowed: true, validUntil: null },
  token: { emaid: 'DE8AACA2B3C4D5L', emspPartyId: 'DE8AA', status: 'active', validUntil: null },
  agreements: [{ agreementId: 'a-1', status: 'active', validFrom: '2026-01-01T00:00:00.000Z', validUntil: null }],
  providerStanding: 'active',
  ...overrides,
});
const request = (f = facts(), overrides: Partial<RequestReservation['data']> = {}): RequestReservation => ({
  type: 'RequestReservation',
  data: {
    ...parties,
    token,
    requestedAt: AT,
    reserveUntil: UNTIL,
    respondBy: '2026-03-01T10:01:00.000Z',
    facts: f,
    ...overrides,
  },
});
const requested: ReservationEvent = {
  type: 'ReservationRequested',
  data: {
    ...parties,
    token,
    emaid: 'DE8AACA2B3C4D5L',
    requestedAt: AT,
    reserveUntil: UNTIL,
    respondBy: '2026-03-01T10:01:00.000Z',
  },
};
const fee = { amount: '2.00', currency: 'EUR' };
const accepted: ReservationEvent = {
  type: 'ReservationAccepted',
  data: { ...parties, fee, acceptedAt: '2026-03-01T10:00:20.000Z' },
};
const spec = deciderSpec(reservationDecider);

describe('reservation decider (IEC 63119-2 UC3-8, IEC 63110 S1, GeM 1528)', () => {
  describe('the request', () => {
    it('relays a request with an agreement in force and an active token of the requesting EVSP', () => {
      spec.when(request()).then([requested]);
    });

    it.each([
      ['UNKNOWN_TOKEN', facts({ token: null })],
      ['TOKEN_BLOCKED', facts({ token: { emaid: 'X', emspPartyId: 'DE8AA', status: 'stolen', validUntil: null } })],
      ['TOKEN_EXPIRED', facts({ token: { emaid: 'X', emspPartyId: 'DE8AA', status: 'active', validUntil: AT } })],
      ['PROVIDER_SUSPENDED', facts({ providerStanding: 'suspended' })],
      ['NO_ROAMING_AGREEMENT', facts({ agreements: [] })],
      [
        'NO_ROAMING_AGREEMENT',
        facts({
          agreements: [
            { agreementId: 'a', status: 'suspended', validFrom: '2026-01-01T00:00:00.000Z', validUntil: null },
          ],
        }),
      ],
      [
        'RESERVATION_NOT_ALLOWED',
        facts({ evse: { status: 'PUBLISHED', reservationAllowed: false, validUntil: null } }),
      ],
    ])('refuses on the hub with %s, recording the refusal (the CPO is not asked)', (reason, f) => {
      const [event] = reservationDecider.decide(request(f), reservationDecider.initialState());
      expect(event).toMatchObject({ type: 'ReservationRefused', data: { reason } });
    });

    it('checks the agreement before the token, so an operator without one learns nothing about the card', () => {
      const f = facts({
        agreements: [],
        token: { emaid: 'X', emspPartyId: 'DE8AA', status: 'stolen', validUntil: null },
      });
      expect(reservationDecider.decide(request(f), reservationDecider.initialState())[0].data).toMatchObject({
        reason: 'NO_ROAMING_AGREEMENT',
      });
    });

    it('refuses an unknown or withdrawn EVSE and a period beyond a day, recording nothing', () => {
      spec.when(request(facts({ evse: undefined }))).thenThrows('EVSE_UNKNOWN', 'notFound');
      spec
        .when(request(facts({ evse: { status: 'WITHDRAWN', reservationAllowed: true, validUntil: null } })))
        .thenThrows('EVSE_WITHDRAWN');
      spec.when(request(facts(), { reserveUntil: AT })).thenThrows('RESERVATION_PERIOD_INVALID', 'validation');
      spec
        .when(request(facts(), { reserveUntil: '2026-03-02T10:00:00.001Z' }))
        .thenThrows('RESERVATION_PERIOD_INVALID');
    });

    it('answers a retry of the same request with nothing new, and refuses another request on the same id', () => {
      spec.given([requested]).when(request()).thenNothing();
      spec
        .given([requested])
        .when(request(facts(), { evseId: 'DE*ABC*E2' }))
        .thenThrows('RESERVATION_EXISTS', 'conflict');
    });
  });

  describe('the outcome', () => {
    it('records the CPO accepting with a fee, once', () => {
      const answer = {
        type: 'AnswerReservation' as const,
        data: { result: 'ACCEPTED' as const, reason: null, fee, at: '2026-03-01T10:00:20.000Z' },
      };
      const state = spec.given([requested]).when(answer).then([accepted]);
      expect(state).toMatchObject({ status: 'ACCEPTED', fee });
      spec.given([requested, accepted]).when(answer).thenNothing();
      spec
        .given([requested, accepted])
        .when({ ...answer, data: { ...answer.data, result: 'REJECTED' } })
        .thenThrows('RESERVATION_CLOSED');
    });

    it('records the CPO rejecting', () => {
      spec
        .given([requested])
        .when({ type: 'AnswerReservation', data: { result: 'REJECTED', reason: 'EVSE_OCCUPIED', fee: null, at: AT } })
        .then([{ type: 'ReservationRejected', data: { ...parties, reason: 'EVSE_OCCUPIED', rejectedAt: AT } }]);
    });

    it('expires an unanswered request at its deadline, not before, and refuses a late answer', () => {
      spec
        .given([requested])
        .when({ type: 'ExpireUnansweredReservation', data: { at: '2026-03-01T10:00:59.999Z' } })
        .thenNothing();
      const expired: ReservationEvent = {
        type: 'ReservationExpired',
        data: { ...parties, expiredAt: '2026-03-01T10:01:00.000Z' },
      };
      spec
        .given([requested])
        .when({ type: 'ExpireUnansweredReservation', data: { at: '2026-03-01T10:01:00.000Z' } })
        .then([expired]);
      spec
        .given([requested, accepted])
        .when({ type: 'ExpireUnansweredReservation', data: { at: '2026-03-01T11:00:00.000Z' } })
        .thenNothing();
      spec
        .given([requested, expired])
        .when({
          type: 'AnswerReservation',
          data: { result: 'ACCEPTED', reason: null, fee: null, at: '2026-03-01T10:02:00.000Z' },
        })
        .thenThrows('RESERVATION_CLOSED', 'illegalState');
    });

    it('cancels a pending or accepted reservation once, not a closed one', () => {
      const cancel = { type: 'CancelReservation' as const, data: { at: '2026-03-01T10:05:00.000Z' } };
      const cancelled: ReservationEvent = {
        type: 'ReservationCancelled',
        data: { ...parties, cancelledAt: '2026-03-01T10:05:00.000Z' },
      };
      spec.given([requested, accepted]).when(cancel).then([cancelled]);
      spec.given([requested, accepted, cancelled]).when(cancel).thenNothing();
      spec.when(cancel).thenThrows('RESERVATION_NOT_FOUND', 'notFound');
    });

    it('records the use by a session in the reserved period, carrying the fee into the record', () => {
      const use = {
        type: 'RecordReservationUse' as const,
        data: { at: '2026-03-01T10:20:00.000Z', authorizationId: 'auth-1', source: 'session' as const },
      };
      spec
        .given([requested, accepted])
        .when(use)
        .then([
          {
            type: 'ReservationUsed',
            data: { ...parties, usedAt: '2026-03-01T10:20:00.000Z', authorizationId: 'auth-1', fee },
          },
        ]);
      // A session after the reserved period, or at a reservation that was never accepted, is no use of it.
      spec
        .given([requested, accepted])
        .when({ ...use, data: { ...use.data, at: '2026-03-01T10:31:00.000Z' } })
        .thenNothing();
      spec.given([requested]).when(use).thenNothing();
      spec
        .given([requested])
        .when({ ...use, data: { ...use.data, source: 'cpo' } })
        .thenThrows('RESERVATION_NOT_ACCEPTED');
    });

    it('records a no-show after the reservation ended plus grace, with the fee; nothing before or after use', () => {
      const noShow = (at: string) => ({ type: 'RecordReservationNoShow' as const, data: { at, graceSeconds: 60 } });
      spec.given([requested, accepted]).when(noShow('2026-03-01T10:30:59.999Z')).thenNothing();
      spec
        .given([requested, accepted])
        .when(noShow('2026-03-01T10:31:00.000Z'))
        .then([{ type: 'ReservationNoShow', data: { ...parties, recordedAt: '2026-03-01T10:31:00.000Z', fee } }]);
      const used: ReservationEvent = {
        type: 'ReservationUsed',
        data: { ...parties, usedAt: UNTIL, authorizationId: null, fee },
      };
      spec.given([requested, accepted, used]).when(noShow('2026-03-01T11:00:00.000Z')).thenNothing();
    });
  });
});
