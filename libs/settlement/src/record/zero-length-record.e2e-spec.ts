import { aRecord, SettlementApiFixture } from '../testing/settlement-api.fixture';

const CPO = 'DEZLS';
const EMSP = 'NLZLS';
/** A session fee, energy and time: a zero-length session owes the fee only. */
const SESSION_FEE_TARIFF = {
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

describe('settlement (IEC 63119 6.4.3): a zero-length record (end = start, 0 Wh) the CDR intake accepted', () => {
  let fx: SettlementApiFixture;
  let operator: ReturnType<SettlementApiFixture['as']>;

  beforeAll(async () => {
    fx = await SettlementApiFixture.start();
    operator = fx.as(await fx.partnerWithKey('op', ['operator'], []));
    await fx.agreement('agr-zls', CPO, EMSP);
    await fx.tariff(CPO, 'T-FEE', 1, SESSION_FEE_TARIFF);
  });

  afterAll(async () => {
    await fx?.close();
  });

  it('is rated at the session fee and is a line of its statement, not parked', async () => {
    const instant = '2026-03-05T10:00:00.000Z';
    const record = aRecord({
      cdrId: 'cdr-zero',
      cpoPartyId: CPO,
      emspPartyId: EMSP,
      startedAt: instant,
      endedAt: instant,
      energyWh: 0,
      totalCost: { amount: '1.19', currency: 'EUR' },
    });
    expect(await fx.recordAccepted(record)).toBe('PRICED');
    expect((await operator.get('/v1/admin/settlement/parked-records')).body.items).toEqual([]);

    const statement = await operator.get('/v1/statements/agr-zls+M2026-03-01');
    expect(statement.status).toBe(200);
    expect(statement.body.lines).toEqual([
      expect.objectContaining({
        kind: 'RECORD',
        cdrId: 'cdr-zero',
        energyWh: '0',
        amountExclVat: '1.00',
        vat: '0.19',
        amountInclVat: '1.19',
      }),
    ]);
    const [priced] = (await fx.store.readStream(`settlementRecord-${CPO}+cdr-zero`)).filter(
      (e) => e.type === 'RecordPriced',
    );
    expect(priced.data).toMatchObject({
      tariff: { tariffId: 'T-FEE', version: 1 },
      rating: { lines: [expect.objectContaining({ type: 'FLAT', amountExclVat: '1.00' })] },
    });
  });
});
