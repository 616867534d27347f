import { deciderSpec } from '@roaming/testing';
import { feeLine } from './fees';
import { nextPeriod, periodOf, statementIdOf } from './period';
import { type StatementClosedData, statementDecider } from './statement';

const spec = deciderSpec(statementDecider);
const closed: StatementClosedData = {
  statementId: 'agr-1+M2026-03-01',
  agreementId: 'agr-1',
  cpoPartyId: 'DEABC',
  emspPartyId: 'NLXYZ',
  period: { type: 'MONTHLY', start: '2026-03-01T00:00:00.000Z', end: '2026-04-01T00:00:00.000Z' },
  totals: [{ currency: 'EUR', records: 2, credits: 0, amountExclVat: '10.00', vat: '1.90', amountInclVat: '11.90' }],
  fees: [],
  lineCount: 2,
  digest: 'ab',
  closedBy: 'op',
  closedAt: '2026-04-03T00:00:00.000Z',
};

describe('statement decider (IEC 63119 6.4.3): closing makes a statement immutable', () => {
  it('closes an open statement with its totals', () => {
    spec.when({ type: 'CloseStatement', data: closed }).then([{ type: 'StatementClosed', data: closed }]);
  });

  it('refuses to close a closed statement again (STATEMENT_CLOSED)', () => {
    spec
      .given([{ type: 'StatementClosed', data: closed }])
      .when({ type: 'CloseStatement', data: { ...closed, closedAt: '2026-05-01T00:00:00.000Z' } })
      .thenThrows('STATEMENT_CLOSED', 'illegalState');
  });
});

describe('settlement periods (UTC boundaries)', () => {
  it('daily, ISO-weekly (Monday) and monthly periods, and the one after', () => {
    expect(periodOf('DAILY', '2026-03-05T23:59:59.999Z')).toEqual({
      type: 'DAILY',
      start: '2026-03-05T00:00:00.000Z',
      end: '2026-03-06T00:00:00.000Z',
    });
    // 2026-03-01 is a Sunday: its ISO week started on Monday 2026-02-23.
    expect(periodOf('WEEKLY', '2026-03-01T12:00:00Z')).toMatchObject({
      start: '2026-02-23T00:00:00.000Z',
      end: '2026-03-02T00:00:00.000Z',
    });
    expect(periodOf('MONTHLY', '2026-12-31T23:00:00+00:00')).toMatchObject({
      start: '2026-12-01T00:00:00.000Z',
      end: '2027-01-01T00:00:00.000Z',
    });
    // A local time east of UTC that is still the previous month in UTC.
    expect(periodOf('MONTHLY', '2026-04-01T00:30:00+02:00').start).toBe('2026-03-01T00:00:00.000Z');
    expect(nextPeriod(periodOf('MONTHLY', '2026-01-31T10:00:00Z')).start).toBe('2026-02-01T00:00:00.000Z');
    expect(statementIdOf('agr-1', periodOf('WEEKLY', '2026-03-04T00:00:00Z'))).toBe('agr-1+W2026-03-02');
  });
});

describe('clearing-house fee', () => {
  const totals = closed.totals;
  it('per session plus a percentage of the total incl. VAT, half up at the minor unit, paid as the terms say', () => {
    expect(
      feeLine('NLXYZ', 'DEABC', { perSession: '0.10', percentage: '1.5', currency: 'EUR', payer: 'PARTY' }, totals, 2),
    ).toEqual({
      partyId: 'NLXYZ',
      payerPartyId: 'NLXYZ',
      currency: 'EUR',
      sessions: 2,
      perSession: '0.10',
      percentage: '1.5',
      amount: '0.38', // 0.20 + 0.1785
    });
    expect(
      feeLine(
        'DEABC',
        'NLXYZ',
        { perSession: '0', percentage: '10', currency: 'EUR', payer: 'COUNTERPARTY' },
        totals,
        2,
      )?.payerPartyId,
    ).toBe('NLXYZ');
  });

  it('no fee in a currency the statement has no lines in, nor a zero fee', () => {
    expect(
      feeLine('NLXYZ', 'DEABC', { perSession: '1', percentage: '0', currency: 'CHF', payer: 'PARTY' }, totals, 2),
    ).toBeNull();
    expect(
      feeLine('NLXYZ', 'DEABC', { perSession: '0', percentage: '0', currency: 'EUR', payer: 'PARTY' }, totals, 2),
    ).toBeNull();
  });
});
