import type { TariffJson, TariffVersionJson } from '@roaming/rating';
import type { SettlementRecordInput } from '../domain/record';
import { priceRecord, sessionOfRecord } from './price-record';

const tariff = (currency = 'EUR', price = '0.40') => ({
  currency,
  vatPercent: '19',
  elements: [{ priceComponents: [{ type: 'ENERGY' as const, price }] }],
});
const version = (tariffId: string, audience: 'public' | 'negotiated', t: TariffJson = tariff()): TariffVersionJson => ({
  cpoPartyId: 'DEABC',
  tariffId,
  version: 1,
  audience,
  validFrom: '2026-01-01T00:00:00.000Z',
  tariff: t,
});
const record: SettlementRecordInput = {
  cdrId: 'cdr-1',
  cpoPartyId: 'DEABC',
  emspPartyId: 'NLXYZ',
  evseId: 'DE*ABC*E1',
  startedAt: '2026-03-05T10:00:00.000Z',
  endedAt: '2026-03-05T11:00:00.000Z',
  energyWh: 20000,
  totalCost: { amount: '9.52', currency: 'EUR' },
};
const base = {
  recordId: 'DEABC+cdr-1',
  record,
  agreement: { agreementId: 'agr-1', tariffId: null },
  versions: [version('PUB', 'public')],
  rounding: 'HALF_UP' as const,
  credited: null,
};

describe('pricing a record (IEC 63119 6.4.3, UC3-5)', () => {
  it('rates with the CPO’s public tariff in force and records tariff, basis and breakdown', () => {
    const priced = priceRecord(base);
    expect(priced).toMatchObject({
      kind: 'PRICED',
      tariff: { tariffId: 'PUB', version: 1, basis: 'PUBLIC' },
      rating: { currency: 'EUR', totalExclVat: '8.00', totalVat: '1.52', totalInclVat: '9.52' },
      lines: [{ lineId: 'DEABC+cdr-1:0', kind: 'RECORD', amountInclVat: '9.52' }],
    });
  });

  it('the agreement’s negotiated tariff wins', () => {
    const priced = priceRecord({
      ...base,
      agreement: { agreementId: 'agr-1', tariffId: 'NEG' },
      versions: [version('PUB', 'public'), version('NEG', 'negotiated', tariff('EUR', '0.30'))],
    });
    expect(priced).toMatchObject({
      kind: 'PRICED',
      tariff: { tariffId: 'NEG', basis: 'NEGOTIATED' },
      lines: [{ amountInclVat: '7.14' }],
    });
  });

  it('parks: no agreement, no tariff, two public tariffs and none named, currency mismatch, invalid record', () => {
    expect(priceRecord({ ...base, agreement: null })).toMatchObject({ kind: 'PARKED', reason: 'AGREEMENT_MISSING' });
    expect(priceRecord({ ...base, versions: [] })).toMatchObject({ kind: 'PARKED', reason: 'TARIFF_MISSING' });
    expect(priceRecord({ ...base, versions: [version('A', 'public'), version('B', 'public')] })).toMatchObject({
      kind: 'PARKED',
      reason: 'TARIFF_AMBIGUOUS',
    });
    expect(priceRecord({ ...base, versions: [version('PUB', 'public', tariff('CHF'))] })).toMatchObject({
      kind: 'PARKED',
      reason: 'CURRENCY_MISMATCH',
    });
    expect(priceRecord({ ...base, record: { ...record, timeZone: 'Mars/Olympus' } })).toMatchObject({
      kind: 'PARKED',
      reason: 'RECORD_INVALID',
    });
  });

  it('a credit record negates the credited record’s lines; a revision credits the old one and prices itself', () => {
    const original = priceRecord(base);
    if (original.kind !== 'PRICED') throw new Error('expected priced');
    const credited = { cdrId: 'cdr-1', lines: original.lines };
    const credit = priceRecord({
      ...base,
      recordId: 'DEABC+c',
      record: { ...record, cdrId: 'c', creditOf: 'cdr-1' },
      credited,
    });
    expect(credit).toMatchObject({
      kind: 'PRICED',
      tariff: null,
      lines: [
        {
          lineId: 'DEABC+c:0',
          kind: 'CREDIT',
          reference: 'cdr-1',
          amountExclVat: '-8.00',
          vat: '-1.52',
          amountInclVat: '-9.52',
        },
      ],
    });
    const revision = priceRecord({
      ...base,
      recordId: 'DEABC+r',
      record: { ...record, cdrId: 'r', energyWh: 10000, revisionOf: 'cdr-1' },
      credited,
    });
    expect(revision).toMatchObject({
      kind: 'PRICED',
      lines: [
        { kind: 'CREDIT', reference: 'cdr-1', amountInclVat: '-9.52' },
        { kind: 'RECORD', cdrId: 'r', amountInclVat: '4.76' },
      ],
    });
    expect(priceRecord({ ...base, record: { ...record, creditOf: 'unknown' } })).toMatchObject({
      kind: 'PARKED',
      reason: 'CREDITED_RECORD_UNKNOWN',
    });
  });

  it('rates the record’s own charging periods when it has them, in its time zone (default UTC)', () => {
    expect(sessionOfRecord(record).timeZone).toBe('UTC');
    const periods = [
      {
        startedAt: record.startedAt,
        endedAt: '2026-03-05T10:30:00.000Z',
        state: 'CHARGING' as const,
        energyWh: '20000',
      },
      { startedAt: '2026-03-05T10:30:00.000Z', endedAt: record.endedAt, state: 'PARKING' as const, energyWh: '0' },
    ];
    expect(sessionOfRecord({ ...record, timeZone: 'Europe/Berlin', chargingPeriods: periods })).toEqual({
      timeZone: 'Europe/Berlin',
      periods,
    });
  });

  it('prices a zero-length record (end = start, 0 Wh) at the session fee, never parks it as invalid', () => {
    const sessionFee: TariffJson = {
      currency: 'EUR',
      vatPercent: '19',
      elements: [
        {
          priceComponents: [
            { type: 'FLAT', price: '1.00' },
            { type: 'ENERGY', price: '0.40' },
            { type: 'TIME', price: '0.05' },
          ],
        },
      ],
    };
    const instant = {
      ...record,
      endedAt: record.startedAt,
      energyWh: 0,
      totalCost: { amount: '1.19', currency: 'EUR' },
    };
    expect(priceRecord({ ...base, record: instant, versions: [version('PUB', 'public', sessionFee)] })).toMatchObject({
      kind: 'PRICED',
      rating: { totalExclVat: '1.00', totalVat: '0.19', totalInclVat: '1.19', lines: [{ type: 'FLAT' }] },
      lines: [{ kind: 'RECORD', energyWh: '0', amountExclVat: '1.00', vat: '0.19', amountInclVat: '1.19' }],
    });
    // Connected without charging (charging duration 0 s, 0 Wh): no energy, the fee only.
    const parkedOnly = { ...record, energyWh: 0, chargingDurationSeconds: 0 };
    expect(
      priceRecord({ ...base, record: parkedOnly, versions: [version('PUB', 'public', sessionFee)] }),
    ).toMatchObject({
      kind: 'PRICED',
      lines: [{ kind: 'RECORD', amountInclVat: '1.19' }],
    });
  });

  it('is deterministic: the same inputs give the identical JSON', () => {
    expect(JSON.stringify(priceRecord(base))).toBe(JSON.stringify(priceRecord(base)));
  });

  it('an SDR’s services are lines at the amounts the CPO stated; an amount finer than the currency unit is refused', () => {
    const service = { type: 'PARKING', description: 'after charging', amountExclVat: '2.00', vat: '0.38' };
    expect(priceRecord({ ...base, record: { ...record, services: [service] } })).toMatchObject({
      kind: 'PRICED',
      lines: [
        { lineId: 'DEABC+cdr-1:0', amountInclVat: '9.52' },
        {
          lineId: 'DEABC+cdr-1:1',
          kind: 'RECORD',
          energyWh: '0',
          amountExclVat: '2.00',
          vat: '0.38',
          amountInclVat: '2.38',
        },
      ],
    });
    expect(priceRecord({ ...base, record: { ...record, services: [{ ...service, vat: '0.375' }] } })).toMatchObject({
      kind: 'PARKED',
      reason: 'RECORD_INVALID',
    });
  });

  it('finding 1: an SDR service amount with extra zero digits ("2.0000") is normalised to the minor unit; "2.0050" is parked', () => {
    const service = { type: 'PARKING', description: 'after charging', amountExclVat: '2.0000', vat: '0.3800' };
    expect(priceRecord({ ...base, record: { ...record, services: [service] } })).toMatchObject({
      kind: 'PRICED',
      lines: [
        { lineId: 'DEABC+cdr-1:0', amountInclVat: '9.52' },
        { lineId: 'DEABC+cdr-1:1', amountExclVat: '2.00', vat: '0.38', amountInclVat: '2.38' },
      ],
    });
    const finer = priceRecord({ ...base, record: { ...record, services: [{ ...service, amountExclVat: '2.0050' }] } });
    expect(finer).toMatchObject({ kind: 'PARKED', reason: 'RECORD_INVALID' });
    expect(finer.kind === 'PARKED' && finer.detail).toContain('services.0.amountExclVat 2.0050 is finer than');
  });

  it('finding 3: a credit or revision whose EVSP differs from the credited record’s is parked, never booked on another pair', () => {
    const original = priceRecord(base);
    if (original.kind !== 'PRICED') throw new Error('expected priced');
    const credited = { cdrId: 'cdr-1', emspPartyId: 'NLXYZ', lines: original.lines };
    for (const ref of [{ creditOf: 'cdr-1' }, { revisionOf: 'cdr-1' }]) {
      const other = priceRecord({
        ...base,
        recordId: 'DEABC+c',
        record: { ...record, cdrId: 'c', emspPartyId: 'BEOTH', ...ref },
        credited,
      });
      expect(other).toMatchObject({ kind: 'PARKED', reason: 'RECORD_INVALID' });
      expect(other.kind === 'PARKED' && other.detail).toContain(
        'EVSP BEOTH differs from NLXYZ of the credited record cdr-1',
      );
    }
  });
});
