import type { TariffVersionJson } from '@roaming/rating';
import { type CdrRecord, parseCdrSubmission } from '../../domain';
import { CdrIntakeSettings } from '../../config/cdr-intake.settings';
import { CdrPriceChecker } from './cdr-price-check';

const record: CdrRecord = parseCdrSubmission({
  cdrId: 'CDR-1',
  evseId: 'DE*ABC*E1*1',
  emaid: 'DE-8AA-001234567-0',
  tokenUid: '04A2B3C4',
  startedAt: '2026-03-01T10:00:00Z',
  endedAt: '2026-03-01T11:00:00Z',
  energyWh: 22_000,
  totalCost: { amount: '7.85', currency: 'EUR' },
}).record;

const version = (tariffId: string, audience: 'public' | 'negotiated', price: string): TariffVersionJson => ({
  cpoPartyId: 'DEABC',
  tariffId,
  version: 1,
  audience,
  validFrom: '2026-01-01T00:00:00.000Z',
  tariff: { currency: 'EUR', vatPercent: '19', elements: [{ priceComponents: [{ type: 'ENERGY', price }] }] },
});

const PUBLIC = version('PUB', 'public', '0.30');
const checker = new CdrPriceChecker();
const check = (r: Partial<CdrRecord>, versions = [PUBLIC], negotiated: string | null = null) =>
  checker.check({ ...record, ...r }, negotiated, 'Europe/Berlin', versions);

describe('price check at intake (IEC 63119 6.4.2): the agreed tariff through libs/rating', () => {
  it('MATCHED when the CPO total equals the hub price (22 kWh × 0.30 + 19 % VAT = 7.85)', () => {
    expect(check({})).toMatchObject({
      status: 'MATCHED',
      tariffId: 'PUB',
      basis: 'PUBLIC',
      hubTotal: { amount: '7.85', currency: 'EUR' },
      difference: '0.0000',
      breakdown: { chargingExclVat: '6.60', chargingVat: '1.25' },
    });
  });

  it('tolerates max(0.01, 0.5 %) and flags DEVIATION beyond, with both prices', () => {
    // 0.5 % of 7.85 = 0.03925.
    expect(check({ totalCost: { amount: '7.8800', currency: 'EUR' } }).status).toBe('MATCHED');
    expect(check({ totalCost: { amount: '7.9000', currency: 'EUR' } })).toMatchObject({
      status: 'DEVIATION',
      cpoTotal: { amount: '7.9000' },
      hubTotal: { amount: '7.85' },
      difference: '0.0500',
    });
    const strict = new CdrPriceChecker(new CdrIntakeSettings('reject', '0.01', '0'));
    expect(
      strict.check({ ...record, totalCost: { amount: '7.87', currency: 'EUR' } }, null, 'UTC', [PUBLIC]).status,
    ).toBe('DEVIATION');
  });

  it("prices with the agreement's negotiated tariff before the public one", () => {
    const negotiated = version('NEG', 'negotiated', '0.25');
    expect(check({}, [PUBLIC, negotiated], 'NEG')).toMatchObject({ status: 'DEVIATION', basis: 'NEGOTIATED' });
  });

  it('adds the services of an SDR, as the CPO priced them', () => {
    const sdr = check({
      recordType: 'SDR',
      totalCost: { amount: '9.04', currency: 'EUR' },
      services: [
        { type: 'PARKING', description: null, startedAt: null, endedAt: null, amountExclVat: '1.00', vat: '0.19' },
      ],
    });
    expect(sdr).toMatchObject({ status: 'MATCHED', hubTotal: { amount: '9.04' } });
  });

  it('is NOT_CHECKED, with the reason, for a missing or ambiguous tariff, a credit, or another currency', () => {
    expect(check({}, [])).toMatchObject({ status: 'NOT_CHECKED', reason: expect.stringMatching(/^MISSING/) });
    expect(check({}, [PUBLIC, version('PUB2', 'public', '0.31')])).toMatchObject({
      status: 'NOT_CHECKED',
      reason: expect.stringMatching(/^AMBIGUOUS/),
    });
    expect(check({}, [PUBLIC], 'NEG')).toMatchObject({
      status: 'NOT_CHECKED',
      reason: expect.stringMatching(/^MISSING/),
    });
    expect(check({ creditOf: 'CDR-0' }).status).toBe('NOT_CHECKED');
    expect(check({ totalCost: { amount: '7.85', currency: 'CHF' } }).status).toBe('NOT_CHECKED');
  });
});
