import { deciderSpec } from '@roaming/testing';
import { type CdrRecord, parseCdrSubmission } from './cdr-record';
import type { CdrFacts, ReceiveCdr } from './cdr.commands';
import { cdrDecider } from './cdr.decider';
import type { CdrForwarded, CdrReceived, CdrRejected } from './cdr.events';

const RECEIVED_AT = '2026-03-01T12:00:05.000Z';
const LATER = '2026-03-02T08:00:00.000Z';

const cdr: CdrRecord = parseCdrSubmission({
  cdrId: 'CDR-0001',
  evseId: 'DE*ABC*E123456*1',
  emaid: 'DE-8AA-001234567-0',
  tokenUid: '04A2B3C4D5E6F7',
  authorizationId: 'auth-42',
  startedAt: '2026-03-01T10:00:00Z',
  endedAt: '2026-03-01T11:00:00Z',
  energyWh: 22_000,
  totalCost: { amount: '9.68', currency: 'EUR' },
}).record;

const facts: CdrFacts = {
  routing: { emspPartyId: 'DE8AA', provider: 'active', agreementId: 'agr-1' },
  evse: { cpoPartyId: 'DEABC', maxPowerW: 22_000, timeZone: 'Europe/Berlin' },
  authorizationMode: 'AUTHORIZED',
  sessionClaimedBy: null,
  reference: null,
};

function receive(record: CdrRecord = cdr, change: Partial<CdrFacts> = {}, at = RECEIVED_AT): ReceiveCdr {
  return { type: 'ReceiveCdr', data: { cdr: record, receivedAt: at, facts: { ...facts, ...change } } };
}
const received = (at = RECEIVED_AT, record: CdrRecord = cdr): CdrReceived => ({
  type: 'CdrReceived',
  data: { ...record, receivedAt: at },
});
const forwarded = (at = RECEIVED_AT, record: CdrRecord = cdr, mode = 'AUTHORIZED' as const): CdrForwarded => ({
  type: 'CdrForwarded',
  data: {
    ...record,
    timeZone: record.timeZone ?? 'Europe/Berlin',
    emspPartyId: 'DE8AA',
    agreementId: 'agr-1',
    forwardedAt: at,
    authorizationMode: mode,
  },
});
/** A record accepted at first sight: its CdrForwarded is also its receipt (the record is stored once). */
const acceptedAtOnce = (at = RECEIVED_AT, record: CdrRecord = cdr, mode = 'AUTHORIZED' as const): CdrForwarded => {
  const event = forwarded(at, record, mode);
  return { ...event, data: { ...event.data, receipt: { receivedAt: at, timeZone: record.timeZone ?? null } } };
};
const rejected = (codes: CdrRejected['data']['code'][], at = RECEIVED_AT): CdrRejected => ({
  type: 'CdrRejected',
  data: expect.objectContaining({
    cdrId: cdr.cdrId,
    cpoPartyId: 'DEABC',
    code: codes[0],
    rejectedAt: at,
    violations: codes.map((code) => expect.objectContaining({ code })),
  }) as CdrRejected['data'],
});

/** A concrete rejection, as stored (for given). */
const storedRejection = (code: CdrRejected['data']['code'], field: string): CdrRejected => ({
  type: 'CdrRejected',
  data: {
    cdrId: cdr.cdrId,
    cpoPartyId: 'DEABC',
    emspPartyId: 'DE8AA',
    code,
    reason: 'earlier reason',
    rejectedAt: RECEIVED_AT,
    violations: [{ code, field, reason: 'earlier reason' }],
  },
});

/** The codes of the rejection a fresh record gets. */
function codesOf(record: CdrRecord, change: Partial<CdrFacts> = {}): string[] {
  const events = cdrDecider.decide(receive(record, change), cdrDecider.initialState());
  const verdict = events.find((e) => e.type === 'CdrRejected');
  return verdict ? (verdict.data.violations ?? []).map((v) => v.code) : [];
}

describe('CDR decider — IEC 63119-2 UC3-9, eMI3 UC 200 15.1/16.1, GeM 984 / 1452 / 1511 / 1512', () => {
  describe('a new record', () => {
    it('is recorded and forwarded with the EVSE site time zone and the authorization mode (GeM 984)', () => {
      const state = deciderSpec(cdrDecider).when(receive()).then([acceptedAtOnce()]);
      expect(state).toMatchObject({ status: 'forwarded', authorizationMode: 'AUTHORIZED', timeZone: 'Europe/Berlin' });
    });

    it('is stored once: its CdrForwarded is the receipt, from which the record as sent is known again (issue 5 speed)', () => {
      const state = deciderSpec(cdrDecider)
        .given([acceptedAtOnce()])
        .when(receive(cdr, {}, LATER))
        .thenNothing();
      // The record as the CPO sent it: without the site time zone the hub applied.
      expect(state).toMatchObject({ status: 'forwarded', cdr, receivedAt: RECEIVED_AT, timeZone: 'Europe/Berlin' });
      expect((state as { cdr: CdrRecord }).cdr.timeZone).toBeUndefined();
      const error = deciderSpec(cdrDecider)
        .given([acceptedAtOnce()])
        .when(receive({ ...cdr, energyWh: 21_999 }))
        .thenThrows('CDR_DUPLICATE_DIFFERENT', 'conflict');
      expect(error.details).toMatchObject({ differingFields: ['energyWh'] });
      const own = { ...cdr, timeZone: 'Europe/Paris' };
      const ownState = deciderSpec(cdrDecider)
        .given([acceptedAtOnce(RECEIVED_AT, own)])
        .when(receive(own))
        .thenNothing();
      expect(ownState).toMatchObject({ cdr: own, timeZone: 'Europe/Paris' });
    });

    it('still reads the two events a record accepted at first sight got before (CdrReceived, CdrForwarded)', () => {
      const state = deciderSpec(cdrDecider).given([received(), forwarded()]).when(receive()).thenNothing();
      expect(state).toMatchObject({ status: 'forwarded', cdr, receivedAt: RECEIVED_AT, deliveryChannel: null });
    });

    it('carries the delivery channel the intake chose (TOPIC: no webhook), also in its state', () => {
      const byTopic = { ...facts.routing, deliveryChannel: 'TOPIC' as const };
      const [event] = cdrDecider.decide(receive(cdr, { routing: byTopic }), cdrDecider.initialState());
      expect(event.data).toMatchObject({ deliveryChannel: 'TOPIC' });
      const state = deciderSpec(cdrDecider).given([event]).when(receive()).thenNothing();
      expect(state).toMatchObject({ deliveryChannel: 'TOPIC' });
    });

    it('keeps the time zone the CPO states', () => {
      const own = { ...cdr, timeZone: 'Europe/Paris' };
      deciderSpec(cdrDecider)
        .when(receive(own))
        .then([acceptedAtOnce(RECEIVED_AT, own)]);
    });

    it.each(['OFFLINE', 'UNAUTHORIZED'] as const)(
      'is accepted but marked %s when no authorization of the hub is known (GeM 1512), never silently',
      (mode) => {
        deciderSpec(cdrDecider)
          .when(receive(cdr, { authorizationMode: mode }))
          .then([acceptedAtOnce(RECEIVED_AT, cdr, mode as never)]);
      },
    );

    it('reports EVERY failed rule together, the first one as code', () => {
      const bad: CdrRecord = {
        ...cdr,
        endedAt: '2026-03-01T09:00:00.000Z',
        totalCost: { amount: '-1.0000', currency: 'EUR' },
        costBreakdown: { exclVat: '1.0000', vat: '0.1900' },
      };
      deciderSpec(cdrDecider)
        .when(receive(bad, { evse: null, routing: { emspPartyId: 'DE8AA', provider: 'unknown', agreementId: null } }))
        .then([
          received(RECEIVED_AT, bad),
          rejected([
            'CDR_UNKNOWN_EVSE',
            'CDR_END_BEFORE_START',
            'CDR_NEGATIVE_COST',
            'CDR_VAT_SPLIT_MISMATCH',
            'CDR_UNKNOWN_PROVIDER',
          ]),
        ]);
    });
  });

  describe('rules, one by one', () => {
    it('CDR_UNKNOWN_EVSE: the EVSE is not published by station-management', () => {
      expect(codesOf(cdr, { evse: null })).toEqual(['CDR_UNKNOWN_EVSE']);
    });

    it('accepts an unknown EVSE when the context is configured so (CDR_UNKNOWN_EVSE=accept): 1 MW bound, UTC', () => {
      const events = cdrDecider.decide(
        receive(cdr, { evse: null, requireKnownEvse: false }),
        cdrDecider.initialState(),
      );
      expect(events[0]).toMatchObject({ type: 'CdrForwarded', data: { timeZone: 'UTC' } });
    });

    it('CDR_EVSE_NOT_OWNED: station-management lists the EVSE under another operator', () => {
      expect(codesOf(cdr, { evse: { ...facts.evse!, cpoPartyId: 'DEXYZ' } })).toEqual(['CDR_EVSE_NOT_OWNED']);
    });

    it('CDR_END_BEFORE_START: the session ends before it starts', () => {
      expect(codesOf({ ...cdr, endedAt: '2026-03-01T09:59:59.000Z', energyWh: 0 })).toEqual(['CDR_END_BEFORE_START']);
    });

    it('CDR_IMPLAUSIBLE_ENERGY: above rated power × charging time + 5 % + 10 Wh, at the limit accepted', () => {
      // 22 kW for one hour: 22 000 Wh; tolerance 5 % (1 100 Wh) + 10 Wh.
      expect(codesOf({ ...cdr, energyWh: 23_110 })).toEqual([]);
      expect(codesOf({ ...cdr, energyWh: 23_111 })).toEqual(['CDR_IMPLAUSIBLE_ENERGY']);
    });

    it('CDR_IMPLAUSIBLE_ENERGY: measured against the charging duration when the CPO gives it', () => {
      const halfCharging = { ...cdr, energyWh: 20_000, chargingDurationSeconds: 1_800, parkingDurationSeconds: 1_800 };
      expect(codesOf(halfCharging)).toEqual(['CDR_IMPLAUSIBLE_ENERGY']);
      expect(codesOf({ ...halfCharging, energyWh: 11_000 })).toEqual([]);
    });

    it('CDR_IMPLAUSIBLE_ENERGY: 1 MW bounds an EVSE whose rating is unknown', () => {
      expect(codesOf({ ...cdr, energyWh: 1_060_000 }, { evse: null })).toEqual([
        'CDR_UNKNOWN_EVSE',
        'CDR_IMPLAUSIBLE_ENERGY',
      ]);
    });

    it('CDR_DURATION_INCONSISTENT: charging + parking longer than the session (2 s rounding allowed)', () => {
      const charged = { ...cdr, energyWh: 18_000, chargingDurationSeconds: 3_000 };
      expect(codesOf({ ...charged, parkingDurationSeconds: 602 })).toEqual([]);
      expect(codesOf({ ...charged, parkingDurationSeconds: 603 })).toEqual(['CDR_DURATION_INCONSISTENT']);
    });

    it('CDR_NEGATIVE_COST: a negative total outside a credit record', () => {
      expect(codesOf({ ...cdr, totalCost: { amount: '-0.0100', currency: 'EUR' } })).toEqual(['CDR_NEGATIVE_COST']);
    });

    it('CDR_VAT_SPLIT_MISMATCH: totalCost must equal exclVat + vat exactly', () => {
      expect(codesOf({ ...cdr, costBreakdown: { exclVat: '8.1345', vat: '1.5455' } })).toEqual([]);
      expect(codesOf({ ...cdr, costBreakdown: { exclVat: '8.1300', vat: '1.5400' } })).toEqual([
        'CDR_VAT_SPLIT_MISMATCH',
      ]);
    });

    it('CDR_SERVICE_INVALID: services only on an SDR, never negative, never more than the net total', () => {
      const service = {
        type: 'PARKING' as const,
        description: 'parking after charging',
        startedAt: '2026-03-01T11:00:00.000Z',
        endedAt: '2026-03-01T11:30:00.000Z',
        amountExclVat: '2.0000',
        vat: '0.3800',
      };
      const sdr: CdrRecord = {
        ...cdr,
        recordType: 'SDR',
        costBreakdown: { exclVat: '8.1345', vat: '1.5455' },
        services: [service],
      };
      expect(codesOf(sdr)).toEqual([]);
      expect(codesOf({ ...sdr, recordType: 'CDR' })).toEqual(['CDR_SERVICE_INVALID']);
      expect(codesOf({ ...sdr, services: [{ ...service, amountExclVat: '-1.0000' }] })).toEqual([
        'CDR_SERVICE_INVALID',
      ]);
      expect(codesOf({ ...sdr, services: [{ ...service, amountExclVat: '9.0000' }] })).toEqual(['CDR_SERVICE_INVALID']);
    });

    it.each([
      ['CDR_UNKNOWN_PROVIDER', { provider: 'unknown', agreementId: null }],
      ['CDR_UNKNOWN_PROVIDER', { provider: 'deactivated' }],
      ['CDR_PROVIDER_SUSPENDED', { provider: 'suspended' }],
      ['CDR_NO_AGREEMENT', { agreementId: null }],
    ] as const)('%s from the registry facts (%j)', (code, routing) => {
      expect(codesOf(cdr, { routing: { ...facts.routing, ...routing } })).toEqual([code]);
    });

    it('CDR_DUPLICATE_SESSION: a second, different record for a session that has an accepted one', () => {
      expect(codesOf({ ...cdr, sessionId: 'S-1' }, { sessionClaimedBy: 'CDR-0000' })).toEqual([
        'CDR_DUPLICATE_SESSION',
      ]);
      expect(codesOf(cdr, { sessionClaimedBy: 'CDR-0001' })).toEqual([]);
    });
  });

  describe('price check (IEC 63119 6.4.2)', () => {
    const deviation = {
      status: 'DEVIATION' as const,
      tariffId: 'PUB',
      tariffVersion: 1,
      basis: 'PUBLIC' as const,
      hubTotal: { amount: '7.85', currency: 'EUR' },
      cpoTotal: { amount: '9.6800', currency: 'EUR' },
      difference: '1.8300',
      tolerance: '0.0393',
      breakdown: { chargingExclVat: '6.60', chargingVat: '1.25', servicesInclVat: '0', lines: [] },
    };

    it('forwards a deviating record and flags it with CdrPriceDeviation (both prices, the breakdown)', () => {
      const events = cdrDecider.decide(receive(cdr, { priceCheck: deviation }), cdrDecider.initialState());
      expect(events.map((e) => e.type)).toEqual(['CdrForwarded', 'CdrPriceDeviation']);
      expect(events[1].data).toMatchObject({ cdrId: 'CDR-0001', emspPartyId: 'DE8AA', check: deviation });
      expect(events[0].data).toMatchObject({ priceCheck: deviation });
    });

    it('never rejects for the price: NOT_CHECKED is kept on the forwarded record with its reason', () => {
      const notChecked = { status: 'NOT_CHECKED' as const, reason: 'MISSING: no public tariff' };
      const events = cdrDecider.decide(receive(cdr, { priceCheck: notChecked }), cdrDecider.initialState());
      expect(events.map((e) => e.type)).toEqual(['CdrForwarded']);
      expect(events[0].data).toMatchObject({ priceCheck: notChecked });
    });
  });

  describe('credit and revision records', () => {
    const credit: CdrRecord = {
      ...cdr,
      cdrId: 'CDR-0001-C',
      creditOf: 'CDR-0001',
      totalCost: { amount: '-9.6800', currency: 'EUR' },
    };
    const original = { cdrId: 'CDR-0001', accepted: true, totalCost: cdr.totalCost, creditedBy: null, revisedBy: null };

    it('accepts the exact negation of an accepted record of the same CPO, and is exempt from the session rule', () => {
      expect(codesOf(credit, { reference: original, sessionClaimedBy: 'CDR-0001' })).toEqual([]);
    });

    it('CDR_CREDIT_TARGET_UNKNOWN / CDR_ALREADY_CREDITED / CDR_CREDIT_AMOUNT_MISMATCH', () => {
      expect(codesOf(credit, { reference: { ...original, accepted: false, totalCost: null } })).toEqual([
        'CDR_CREDIT_TARGET_UNKNOWN',
      ]);
      expect(codesOf(credit, { reference: { ...original, creditedBy: 'CDR-0001-X' } })).toEqual([
        'CDR_ALREADY_CREDITED',
      ]);
      expect(
        codesOf({ ...credit, totalCost: { amount: '-5.0000', currency: 'EUR' } }, { reference: original }),
      ).toEqual(['CDR_CREDIT_AMOUNT_MISMATCH']);
    });

    it('accepts a revision of an accepted, unrevised record; CDR_REVISION_TARGET_UNKNOWN / CDR_ALREADY_REVISED', () => {
      const revision: CdrRecord = { ...cdr, cdrId: 'CDR-0001-R', revisionOf: 'CDR-0001' };
      expect(codesOf(revision, { reference: original, sessionClaimedBy: 'CDR-0001' })).toEqual([]);
      expect(codesOf(revision, { reference: { ...original, accepted: false } })).toEqual([
        'CDR_REVISION_TARGET_UNKNOWN',
      ]);
      expect(codesOf(revision, { reference: { ...original, reconciliationState: 'DECLINED' } })).toEqual([]);
      expect(codesOf(revision, { reference: { ...original, reconciliationState: 'APPROVED' } })).toEqual([
        'CDR_REVISION_NOT_ALLOWED',
      ]);
      expect(codesOf(revision, { reference: { ...original, revisedBy: 'CDR-0001-Q' } })).toEqual([
        'CDR_ALREADY_REVISED',
      ]);
    });
  });

  describe('review findings 2–6 (issue 5)', () => {
    const period = (
      startedAt: string,
      endedAt: string,
      energyWh: string,
      state: 'CHARGING' | 'PARKING' = 'CHARGING',
    ) => ({
      startedAt,
      endedAt,
      state,
      energyWh,
    });
    const withPeriods = (...chargingPeriods: ReturnType<typeof period>[]): CdrRecord => ({ ...cdr, chargingPeriods });
    const T = (hhmm: string) => `2026-03-01T${hhmm}:00.000Z`;

    it('CDR_PERIODS_INCONSISTENT (finding 2): periods back to back within the session, summing to energyWh (±1 Wh)', () => {
      expect(
        codesOf(withPeriods(period(T('10:00'), T('10:30'), '11000'), period(T('10:30'), T('11:00'), '11000.6'))),
      ).toEqual([]);
      expect(
        codesOf(withPeriods(period(T('10:00'), T('10:30'), '11000'), period(T('10:30'), T('11:00'), '0', 'PARKING'))),
      ).toEqual(['CDR_PERIODS_INCONSISTENT']);
      // sum 22 002 Wh: beyond 1 Wh
      expect(
        codesOf(withPeriods(period(T('10:00'), T('10:30'), '11002'), period(T('10:30'), T('11:00'), '11000'))),
      ).toEqual(['CDR_PERIODS_INCONSISTENT']);
    });

    it('CDR_PERIODS_INCONSISTENT: outside the session, gaps, overlaps, out of order, empty, negative, energy while PARKING', () => {
      const fields = (record: CdrRecord) => {
        const events = cdrDecider.decide(receive(record), cdrDecider.initialState());
        const verdict = events[1] as CdrRejected;
        return (verdict.data.violations ?? []).map((v) => `${v.code} ${v.field}`);
      };
      expect(fields(withPeriods(period(T('09:59'), T('11:00'), '22000')))).toEqual([
        'CDR_PERIODS_INCONSISTENT chargingPeriods.0',
      ]);
      expect(
        fields(withPeriods(period(T('10:00'), T('10:30'), '11000'), period(T('10:31'), T('11:00'), '11000'))),
      ).toEqual(['CDR_PERIODS_INCONSISTENT chargingPeriods.1.startedAt']);
      expect(
        fields(withPeriods(period(T('10:30'), T('11:00'), '11000'), period(T('10:00'), T('10:30'), '11000'))),
      ).toEqual(['CDR_PERIODS_INCONSISTENT chargingPeriods.1.startedAt']);
      expect(fields(withPeriods(period(T('10:00'), T('10:00'), '0'), period(T('10:00'), T('11:00'), '22000')))).toEqual(
        ['CDR_PERIODS_INCONSISTENT chargingPeriods.0.endedAt'],
      );
      expect(
        fields(withPeriods(period(T('10:00'), T('10:30'), '-1'), period(T('10:30'), T('11:00'), '11000'))),
      ).toEqual(['CDR_PERIODS_INCONSISTENT chargingPeriods.0.energyWh', 'CDR_PERIODS_INCONSISTENT chargingPeriods']);
      expect(
        fields(
          withPeriods(period(T('10:00'), T('10:30'), '11000'), period(T('10:30'), T('11:00'), '11000', 'PARKING')),
        ),
      ).toEqual(['CDR_PERIODS_INCONSISTENT chargingPeriods.1.energyWh']);
    });

    it("CDR_PERIODS_INCONSISTENT: each period's energy within rated power × its duration (+5 % +10 Wh)", () => {
      // 22 kW: 30 min allow 11 000 + 550 + 10 Wh; the record's total (22 000 Wh in 1 h) is plausible.
      expect(
        codesOf(withPeriods(period(T('10:00'), T('10:30'), '11560'), period(T('10:30'), T('11:00'), '10440'))),
      ).toEqual([]);
      expect(
        codesOf(withPeriods(period(T('10:00'), T('10:30'), '11561'), period(T('10:30'), T('11:00'), '10439'))),
      ).toEqual(['CDR_PERIODS_INCONSISTENT']);
    });

    const original = {
      cdrId: 'CDR-0001',
      accepted: true,
      totalCost: cdr.totalCost,
      creditedBy: null,
      revisedBy: null,
      emspPartyId: 'DE8AA',
      emaid: cdr.emaid,
    };
    const credit: CdrRecord = {
      ...cdr,
      cdrId: 'CDR-0001-C',
      creditOf: 'CDR-0001',
      totalCost: { amount: '-9.68', currency: 'EUR' },
    };
    const revision: CdrRecord = { ...cdr, cdrId: 'CDR-0001-R', revisionOf: 'CDR-0001' };

    it('CDR_CORRECTION_MISMATCH (finding 3): a credit or revision of another contract / EVSP', () => {
      expect(codesOf(credit, { reference: original })).toEqual([]);
      expect(codesOf(credit, { reference: { ...original, emaid: 'DE-8AA-009999999-X' } })).toEqual([
        'CDR_CORRECTION_MISMATCH',
      ]);
      expect(codesOf(revision, { reference: { ...original, emspPartyId: 'NLXYZ' } })).toEqual([
        'CDR_CORRECTION_MISMATCH',
      ]);
      // indexed before the contract was kept: not compared
      expect(codesOf(revision, { reference: { ...original, emspPartyId: null, emaid: null } })).toEqual([]);
    });

    it('a record is corrected once (finding 4): no credit of a revised record, no revision of a credited one', () => {
      expect(codesOf(credit, { reference: { ...original, revisedBy: 'CDR-0001-R' } })).toEqual(['CDR_ALREADY_REVISED']);
      expect(codesOf(revision, { reference: { ...original, creditedBy: 'CDR-0001-C' } })).toEqual([
        'CDR_ALREADY_CREDITED',
      ]);
    });

    it('CDR_ZERO_LENGTH_SESSION (finding 5): end = start only without energy, charging time and periods', () => {
      const instant = { ...cdr, endedAt: cdr.startedAt };
      expect(codesOf({ ...instant, energyWh: 0 })).toEqual([]);
      expect(codesOf({ ...instant, energyWh: 1 })).toEqual(['CDR_ZERO_LENGTH_SESSION']);
      expect(codesOf({ ...instant, energyWh: 0, chargingDurationSeconds: 1 })).toContain('CDR_ZERO_LENGTH_SESSION');
      expect(codesOf({ ...instant, energyWh: 0, chargingPeriods: [period(T('10:00'), T('10:00'), '0')] })).toContain(
        'CDR_ZERO_LENGTH_SESSION',
      );
      expect(codesOf({ ...cdr, energyWh: 5, chargingDurationSeconds: 0 })).toEqual(['CDR_ZERO_LENGTH_SESSION']);
    });

    it('CDR_IN_FUTURE (finding 5): times after the hub clock (receivedAt) + 5 min skew', () => {
      const at = (record: CdrRecord, receivedAt: string) =>
        (cdrDecider.decide(receive(record, {}, receivedAt), cdrDecider.initialState())[1] as CdrRejected | undefined)
          ?.data.violations ?? [];
      expect(at(cdr, '2026-03-01T10:55:00.000Z')).toEqual([]); // ends 5 min after the hub's clock: skew
      expect(at(cdr, '2026-03-01T10:54:59.999Z')).toEqual([
        expect.objectContaining({ code: 'CDR_IN_FUTURE', field: 'endedAt' }),
      ]);
      expect(
        at({ ...cdr, startedAt: '2036-01-01T10:00:00.000Z', endedAt: '2036-01-01T11:00:00.000Z' }, RECEIVED_AT),
      ).toEqual([expect.objectContaining({ code: 'CDR_IN_FUTURE', field: 'startedAt' })]);
    });
  });

  describe('the same record again (one final record per session, Gireve 10701)', () => {
    it('changes nothing once forwarded, whatever the facts say now', () => {
      deciderSpec(cdrDecider)
        .given([received(), forwarded()])
        .when(receive(cdr, { routing: { ...facts.routing, provider: 'suspended' } }, LATER))
        .thenNothing();
    });

    it('changes nothing after a rejection when the same rules still fail', () => {
      deciderSpec(cdrDecider)
        .given([received(), storedRejection('CDR_NO_AGREEMENT', 'startedAt')])
        .when(receive(cdr, { routing: { ...facts.routing, agreementId: null } }, LATER))
        .thenNothing();
    });

    it('forwards a rejected record once the missing agreement is known', () => {
      deciderSpec(cdrDecider)
        .given([received(), storedRejection('CDR_NO_AGREEMENT', 'startedAt')])
        .when(receive(cdr, {}, LATER))
        .then([forwarded(LATER)]);
    });

    it('reads a rejection recorded before violations existed (code/reason only)', () => {
      const old: CdrRejected = {
        type: 'CdrRejected',
        data: {
          cdrId: cdr.cdrId,
          cpoPartyId: 'DEABC',
          emspPartyId: 'DE8AA',
          code: 'CDR_NO_AGREEMENT',
          reason: 'old',
          rejectedAt: RECEIVED_AT,
        },
      };
      const state = deciderSpec(cdrDecider)
        .given([received(), old])
        .when(receive(cdr, { routing: { ...facts.routing, agreementId: null } }, LATER))
        .thenNothing();
      expect(state).toMatchObject({ violations: [{ code: 'CDR_NO_AGREEMENT', field: 'record', reason: 'old' }] });
    });
  });

  describe('the same record id with other content', () => {
    it('is a CDR_DUPLICATE_DIFFERENT conflict once forwarded (forwarded records are immutable)', () => {
      const error = deciderSpec(cdrDecider)
        .given([received(), forwarded()])
        .when(receive({ ...cdr, energyWh: 21_999 }))
        .thenThrows('CDR_DUPLICATE_DIFFERENT', 'conflict');
      expect(error.details).toMatchObject({ differingFields: ['energyWh'] });
    });

    it('is the correction of a rejected record: recorded again and judged again (accepted now)', () => {
      const wrong = { ...cdr, endedAt: '2026-03-01T09:00:00.000Z', energyWh: 0 };
      deciderSpec(cdrDecider)
        .given([received(RECEIVED_AT, wrong), storedRejection('CDR_END_BEFORE_START', 'endedAt')])
        .when(receive(cdr, {}, LATER))
        .then([acceptedAtOnce(LATER)]);
    });

    it('treats equal amounts written differently as the same content', () => {
      const rewritten = parseCdrSubmission({
        ...cdr,
        evseId: 'de*abc*e123456*1',
        emaid: 'DE8AA001234567',
        tokenUid: '04:a2:b3:c4:d5:e6:f7',
        startedAt: '2026-03-01T11:00:00+01:00',
        totalCost: { amount: '9.680000', currency: 'EUR' },
      }).record;
      deciderSpec(cdrDecider).given([received(), forwarded()]).when(receive(rewritten)).thenNothing();
    });
  });

  it('refuses a command for another CDR than the stream holds (a routing bug, not a client error)', () => {
    deciderSpec(cdrDecider)
      .given([received(), forwarded()])
      .when(receive({ ...cdr, cdrId: 'CDR-0002' }))
      .thenThrows('CDR_STREAM_MISMATCH', 'illegalState');
  });
});
