import { deciderSpec } from '@roaming/testing';
import { parseCdrSubmission, type CdrRecord } from './cdr-record';
import type { CdrRoutingFacts, ReceiveCdr } from './cdr.commands';
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

const routable: CdrRoutingFacts = { emspPartyId: 'DE8AA', provider: 'active', agreementId: 'agr-1' };

function receive(record: CdrRecord = cdr, routing: CdrRoutingFacts = routable, at = RECEIVED_AT): ReceiveCdr {
  return { type: 'ReceiveCdr', data: { cdr: record, receivedAt: at, routing } };
}
const received = (at = RECEIVED_AT, record: CdrRecord = cdr): CdrReceived => ({
  type: 'CdrReceived',
  data: { ...record, receivedAt: at },
});
const forwarded = (at = RECEIVED_AT): CdrForwarded => ({
  type: 'CdrForwarded',
  data: { ...cdr, emspPartyId: 'DE8AA', agreementId: 'agr-1', forwardedAt: at },
});
const rejected = (code: CdrRejected['data']['code'], reason: string, at = RECEIVED_AT): CdrRejected => ({
  type: 'CdrRejected',
  data: { cdrId: cdr.cdrId, cpoPartyId: 'DEABC', emspPartyId: 'DE8AA', code, reason, rejectedAt: at },
});

describe('CDR decider — IEC 63119-2 UC3-9 SDR exchange, eMI3 UC 200 steps 15.1/16.1, GeM 984 / UC 1511', () => {
  describe('a new CDR', () => {
    it('is recorded and forwarded to the home EVSP when plausible and routable (GeM 984, eMI3 UC 200 16.1)', () => {
      const state = deciderSpec(cdrDecider).when(receive()).then([received(), forwarded()]);
      expect(state).toMatchObject({ status: 'forwarded', emspPartyId: 'DE8AA', agreementId: 'agr-1' });
    });

    it('is rejected with CDR_END_BEFORE_START when it ends before it starts (GeM UC 1511 failure b)', () => {
      const backwards = { ...cdr, endedAt: '2026-03-01T09:59:59.000Z', energyWh: 0 };
      deciderSpec(cdrDecider)
        .when(receive(backwards))
        .then([
          received(RECEIVED_AT, backwards),
          rejected(
            'CDR_END_BEFORE_START',
            'the session ends (2026-03-01T09:59:59.000Z) before it starts (2026-03-01T10:00:00.000Z)',
          ),
        ]);
    });

    it('accepts exactly what 1 MW delivers over the duration and rejects one Wh more with CDR_IMPLAUSIBLE_ENERGY', () => {
      const atLimit = { ...cdr, energyWh: 1_000_000 }; // 1 MW for one hour
      deciderSpec(cdrDecider)
        .when(receive(atLimit))
        .then([received(RECEIVED_AT, atLimit), { ...forwarded(), data: { ...forwarded().data, energyWh: 1_000_000 } }]);
      const overLimit = { ...cdr, energyWh: 1_000_001 };
      deciderSpec(cdrDecider)
        .when(receive(overLimit))
        .then([
          received(RECEIVED_AT, overLimit),
          rejected('CDR_IMPLAUSIBLE_ENERGY', '1000001 Wh in 3600 s is more than 1000 kW could deliver'),
        ]);
    });

    it('rejects energy in a session of zero duration as implausible, but accepts an empty one', () => {
      const instant = { ...cdr, endedAt: cdr.startedAt, energyWh: 1 };
      const events = cdrDecider.decide(receive(instant), cdrDecider.initialState());
      expect(events[1]).toMatchObject({ type: 'CdrRejected', data: { code: 'CDR_IMPLAUSIBLE_ENERGY' } });
      const empty = { ...cdr, endedAt: cdr.startedAt, energyWh: 0 };
      expect(cdrDecider.decide(receive(empty), cdrDecider.initialState())[1].type).toBe('CdrForwarded');
    });

    it('rejects a negative total cost with CDR_NEGATIVE_COST (corrections are credit records)', () => {
      const negative = { ...cdr, totalCost: { amount: '-1.0000', currency: 'EUR' } };
      const events = cdrDecider.decide(receive(negative), cdrDecider.initialState());
      expect(events[1]).toMatchObject({ type: 'CdrRejected', data: { code: 'CDR_NEGATIVE_COST' } });
    });

    it('checks plausibility before routing: an implausible CDR of an unknown EVSP is rejected as implausible', () => {
      const backwards = { ...cdr, endedAt: '2026-03-01T09:00:00.000Z', energyWh: 0 };
      const events = cdrDecider.decide(
        receive(backwards, { ...routable, provider: 'unknown', agreementId: null }),
        cdrDecider.initialState(),
      );
      expect(events[1]).toMatchObject({ data: { code: 'CDR_END_BEFORE_START' } });
    });

    it('rejects with CDR_UNKNOWN_PROVIDER when the eMA id names no EVSP partner (GeM 1291)', () => {
      deciderSpec(cdrDecider)
        .when(receive(cdr, { ...routable, provider: 'unknown', agreementId: null }))
        .then([
          received(),
          rejected(
            'CDR_UNKNOWN_PROVIDER',
            "the contract's provider DE8AA is not an EVSP partner of the clearing house",
          ),
        ]);
    });

    it('rejects with CDR_UNKNOWN_PROVIDER when the EVSP left the clearing house', () => {
      deciderSpec(cdrDecider)
        .when(receive(cdr, { ...routable, provider: 'deactivated' }))
        .then([
          received(),
          rejected(
            'CDR_UNKNOWN_PROVIDER',
            "the contract's provider DE8AA is no longer a partner of the clearing house",
          ),
        ]);
    });

    it('rejects with CDR_PROVIDER_SUSPENDED when the EVSP is suspended', () => {
      deciderSpec(cdrDecider)
        .when(receive(cdr, { ...routable, provider: 'suspended' }))
        .then([received(), rejected('CDR_PROVIDER_SUSPENDED', "the contract's provider DE8AA is suspended")]);
    });

    it('rejects with CDR_NO_AGREEMENT when no roaming agreement covered the session start (GeM 982, 1270)', () => {
      deciderSpec(cdrDecider)
        .when(receive(cdr, { ...routable, agreementId: null }))
        .then([
          received(),
          rejected(
            'CDR_NO_AGREEMENT',
            'no roaming agreement between DEABC and DE8AA was in force at the session start 2026-03-01T10:00:00.000Z',
          ),
        ]);
    });
  });

  describe('the same CDR sent again (roaming-protocols pain point: duplicate CDRs, Gireve 10701)', () => {
    it('changes nothing once forwarded, whatever the registry says now', () => {
      const state = deciderSpec(cdrDecider)
        .given([received(), forwarded()])
        .when(receive(cdr, { ...routable, provider: 'suspended' }, LATER))
        .thenNothing();
      expect(state).toMatchObject({ status: 'forwarded', forwardedAt: RECEIVED_AT });
    });

    it('changes nothing after a rejection when the verdict is the same', () => {
      const noAgreement = rejected('CDR_NO_AGREEMENT', 'earlier reason');
      deciderSpec(cdrDecider)
        .given([received(), noAgreement])
        .when(receive(cdr, { ...routable, agreementId: null }, LATER))
        .thenNothing();
    });

    it('forwards a rejected CDR once the missing agreement is known', () => {
      const state = deciderSpec(cdrDecider)
        .given([received(), rejected('CDR_NO_AGREEMENT', 'earlier reason')])
        .when(receive(cdr, routable, LATER))
        .then([forwarded(LATER)]);
      expect(state).toMatchObject({ status: 'forwarded', receivedAt: RECEIVED_AT, forwardedAt: LATER });
    });

    it('records a new rejection when the reason changed', () => {
      deciderSpec(cdrDecider)
        .given([received(), rejected('CDR_UNKNOWN_PROVIDER', 'earlier reason')])
        .when(receive(cdr, { ...routable, provider: 'suspended' }, LATER))
        .then([rejected('CDR_PROVIDER_SUSPENDED', "the contract's provider DE8AA is suspended", LATER)]);
    });

    it('completes a decision whose verdict is missing (a stream holding only CdrReceived)', () => {
      deciderSpec(cdrDecider)
        .given([received()])
        .when(receive(cdr, routable, LATER))
        .then([forwarded(LATER)]);
    });
  });

  describe('the same CDR id with different content', () => {
    it.each([
      ['energyWh', { energyWh: 21_999 }],
      ['endedAt', { endedAt: '2026-03-01T11:00:01.000Z' }],
      ['totalCost', { totalCost: { amount: '9.6900', currency: 'EUR' } }],
      ['authorizationId', { authorizationId: null }],
    ])('is a CDR_DUPLICATE_DIFFERENT conflict (%s differs)', (field, change) => {
      const error = deciderSpec(cdrDecider)
        .given([received(), forwarded()])
        .when(receive({ ...cdr, ...change }))
        .thenThrows('CDR_DUPLICATE_DIFFERENT', 'conflict');
      expect(error.details).toMatchObject({ cdrId: 'CDR-0001', cpoPartyId: 'DEABC', differingFields: [field] });
    });

    it('is a conflict after a rejection too: a refused CDR is fixed under a new id', () => {
      deciderSpec(cdrDecider)
        .given([received(), rejected('CDR_NO_AGREEMENT', 'reason')])
        .when(receive({ ...cdr, energyWh: 1 }))
        .thenThrows('CDR_DUPLICATE_DIFFERENT', 'conflict');
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
