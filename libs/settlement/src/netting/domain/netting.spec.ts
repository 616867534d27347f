import { Decimal, DomainError } from '@roaming/shared-kernel';
import { Random } from '../../../../../test/load/src/scenario/random';
import {
  type NettingObligation,
  type NettingResult,
  netObligations,
  statementObligations,
  verifyNetting,
} from './netting';

const HUB = 'XX*HUB';
const owes = (
  statementId: string,
  payerPartyId: string,
  payeePartyId: string,
  amount: string,
  currency = 'EUR',
): NettingObligation => ({ statementId, currency, payerPartyId, payeePartyId, amount });

describe('multilateral netting (issue 6, IEC 63119 6.4.3)', () => {
  // Two CPOs (C1, C2), two EVSPs (E1, E2), the hub's fees; a statement per partner pair.
  const obligations = [
    owes('S1', 'DE*E1', 'DE*C1', '100.00'), // E1 owes C1
    owes('S2', 'DE*E1', 'DE*C2', '40.00'),
    owes('S3', 'DE*E2', 'DE*C1', '30.00'),
    owes('S4', 'DE*C2', 'DE*E2', '25.50'), // C2 owes E2 (a credit-heavy statement, already turned round)
    owes('S4', 'DE*E2', 'DE*C2', '-4.50'), // a signed line of the same statement: C2 owes E2 4.50 more
    owes('F1', 'DE*C1', HUB, '1.30'), // fees to the hub
    owes('F1', 'DE*E1', HUB, '0.70'),
  ];

  it('offsets every party per currency: receivable, payable, net and the statements each net comes from', () => {
    const result = netObligations({ hubPartyId: HUB, obligations });
    expect(result.hubPartyId).toBe(HUB);
    expect(result.currencies).toHaveLength(1);
    const [eur] = result.currencies;
    expect(eur.positions).toEqual([
      {
        partyId: 'DE*C1',
        receivable: '130.00',
        payable: '1.30',
        net: '128.70',
        statements: [
          { statementId: 'F1', amount: '-1.30' },
          { statementId: 'S1', amount: '100.00' },
          { statementId: 'S3', amount: '30.00' },
        ],
      },
      {
        partyId: 'DE*C2',
        receivable: '40.00',
        payable: '30.00',
        net: '10.00',
        statements: [
          { statementId: 'S2', amount: '40.00' },
          { statementId: 'S4', amount: '-30.00' },
        ],
      },
      {
        partyId: 'DE*E1',
        receivable: '0.00',
        payable: '140.70',
        net: '-140.70',
        statements: [
          { statementId: 'F1', amount: '-0.70' },
          { statementId: 'S1', amount: '-100.00' },
          { statementId: 'S2', amount: '-40.00' },
        ],
      },
      {
        partyId: 'DE*E2',
        receivable: '30.00',
        payable: '30.00',
        net: '0.00',
        statements: [
          { statementId: 'S3', amount: '-30.00' },
          { statementId: 'S4', amount: '30.00' },
        ],
      },
      {
        partyId: HUB,
        receivable: '2.00',
        payable: '0.00',
        net: '2.00',
        statements: [{ statementId: 'F1', amount: '2.00' }],
      },
    ]);
    expect(eur.proof).toEqual({
      sumOfNets: '0.00',
      grossAmount: '202.00',
      sumOfReceivables: '202.00',
      sumOfPayables: '202.00',
      offsetAmount: '61.30', // 202.00 gross, 140.70 changes hands
      parties: 5,
      statements: 5,
    });
    expect(verifyNetting(result, obligations)).toEqual({ ok: true });
  });

  it('nets each currency on its own and never mixes them', () => {
    const result = netObligations({
      hubPartyId: HUB,
      obligations: [
        owes('S1', 'A', 'B', '10', 'EUR'),
        owes('S2', 'B', 'A', '7', 'CHF'),
        owes('S3', 'B', 'A', '4', 'EUR'),
      ],
    });
    expect(result.currencies.map((c) => [c.currency, c.positions.map((p) => [p.partyId, p.net])])).toEqual([
      [
        'CHF',
        [
          ['A', '7'],
          ['B', '-7'],
        ],
      ],
      [
        'EUR',
        [
          ['A', '-6'],
          ['B', '6'],
        ],
      ],
    ]);
  });

  it('refuses obligations it cannot read, naming the field and the rule', () => {
    const refusal = (o: Partial<NettingObligation>) => {
      try {
        netObligations({ hubPartyId: HUB, obligations: [{ ...owes('S1', 'A', 'B', '1'), ...o }] });
      } catch (error) {
        return error instanceof DomainError ? [error.code, error.details.rule] : error;
      }
      return 'accepted';
    };
    expect(refusal({ amount: '1,5' })).toEqual(['NETTING_OBLIGATION_INVALID', 'decimal-string']);
    expect(refusal({ currency: 'EURO' })).toEqual(['NETTING_OBLIGATION_INVALID', 'iso-4217']);
    expect(refusal({ payeePartyId: 'A' })).toEqual(['NETTING_OBLIGATION_INVALID', 'distinct-parties']);
    expect(refusal({ statementId: '' })).toEqual(['NETTING_OBLIGATION_INVALID', 'required']);
  });

  it('verifyNetting catches a tampered net, a dropped statement and a result that is not the obligations’ netting', () => {
    const result = netObligations({ hubPartyId: HUB, obligations });
    const copy = () => JSON.parse(JSON.stringify(result)) as NettingResult;

    const tamperedNet = copy();
    tamperedNet.currencies[0].positions[0].net = '128.71';
    expect(verifyNetting(tamperedNet)).toEqual({
      ok: false,
      problems: expect.arrayContaining([expect.stringContaining('sum to')]),
    });

    const dropped = copy();
    dropped.currencies[0].positions[1].statements.pop();
    expect(verifyNetting(dropped).ok).toBe(false);

    const moved = copy(); // consistent positions, but not what the listed obligations give
    moved.currencies[0].obligations[0].amount = '99.00';
    expect(verifyNetting(moved).ok).toBe(false);

    expect(verifyNetting(result, obligations.slice(1))).toEqual({
      ok: false,
      problems: ['re-netting the given obligations does not give this result'],
    });
  });

  it('reads a closed statement as obligations: the EVSP owes the CPO its totals incl. VAT, fees are owed to the hub', () => {
    const obligationsOf = statementObligations(
      {
        statementId: 'agr-1+2026-03',
        cpoPartyId: 'DECPO',
        emspPartyId: 'DEEMP',
        totals: [
          { currency: 'EUR', amountInclVat: '119.00' },
          { currency: 'CHF', amountInclVat: '-5.40' }, // credits outweigh records
          { currency: 'GBP', amountInclVat: '0.00' },
        ],
        fees: [
          { payerPartyId: 'DECPO', currency: 'EUR', amount: '1.19' },
          { payerPartyId: 'DEEMP', currency: 'EUR', amount: '0.00' },
        ],
      },
      HUB,
    );
    expect(obligationsOf).toEqual([
      owes('agr-1+2026-03', 'DEEMP', 'DECPO', '119.00'),
      owes('agr-1+2026-03', 'DEEMP', 'DECPO', '-5.40', 'CHF'),
      owes('agr-1+2026-03', 'DECPO', HUB, '1.19'),
    ]);
    const result = netObligations({ hubPartyId: HUB, obligations: obligationsOf });
    expect(result.currencies.map((c) => [c.currency, c.positions.map((p) => [p.partyId, p.net])])).toEqual([
      [
        'CHF',
        [
          ['DECPO', '-5.40'],
          ['DEEMP', '5.40'],
        ],
      ],
      [
        'EUR',
        [
          ['DECPO', '117.81'],
          ['DEEMP', '-119.00'],
          [HUB, '1.19'],
        ],
      ],
    ]);
  });

  describe('properties over seeded random obligations', () => {
    const parties = ['DE*C01', 'DE*C02', 'NL*C03', 'DE*E01', 'DE*E02', 'FR*E03', HUB];
    const currencies = ['EUR', 'EUR', 'CHF', 'JPY'];
    const randomObligations = (r: Random): NettingObligation[] =>
      Array.from({ length: 1 + r.int(60) }, () => {
        const payer = parties[r.int(parties.length)];
        let payee = parties[r.int(parties.length)];
        if (payee === payer) payee = parties[(parties.indexOf(payer) + 1) % parties.length];
        const currency = currencies[r.int(currencies.length)];
        const units = r.int(1_000_000) - (r.chance(0.15) ? 500_000 : 0);
        const amount = Decimal.fromUnits(BigInt(units), currency === 'JPY' ? 0 : 2).toString();
        return owes(`S${r.int(20)}`, payer, payee, amount, currency);
      });

    it('the nets of every currency sum to zero and verify, whatever the order (300 cases)', () => {
      for (let seed = 1; seed <= 300; seed++) {
        const r = new Random(seed, 'netting');
        const input = randomObligations(r);
        const result = netObligations({ hubPartyId: HUB, obligations: input });
        for (const c of result.currencies) {
          const sum = c.positions.reduce((s, p) => s.add(Decimal.parse(p.net)), Decimal.ZERO);
          if (!sum.isZero()) throw new Error(`seed ${seed}: ${c.currency} nets sum to ${sum.toString()}`);
        }
        const verification = verifyNetting(result, input);
        if (!verification.ok) throw new Error(`seed ${seed}: ${verification.problems.join('; ')}`);
        const shuffled = [...input].reverse();
        expect(JSON.stringify(netObligations({ hubPartyId: HUB, obligations: shuffled }))).toBe(JSON.stringify(result));
      }
    });

    it('each party’s net equals the signed sum of its obligations in the input', () => {
      for (let seed = 1; seed <= 100; seed++) {
        const input = randomObligations(new Random(seed, 'netting'));
        const result = netObligations({ hubPartyId: HUB, obligations: input });
        for (const c of result.currencies) {
          for (const p of c.positions) {
            const expected = input
              .filter((o) => o.currency === c.currency)
              .reduce((s, o) => {
                const a = Decimal.parse(o.amount);
                if (o.payeePartyId === p.partyId) return s.add(a);
                if (o.payerPartyId === p.partyId) return s.subtract(a);
                return s;
              }, Decimal.ZERO);
            if (!expected.equals(Decimal.parse(p.net))) throw new Error(`seed ${seed}: ${p.partyId} ${c.currency}`);
          }
        }
      }
    });
  });
});
