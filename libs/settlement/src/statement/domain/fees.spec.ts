import type { CurrencyTotals, StatementLine } from './statement-line';
import { feeLine, netSessions } from './fees';

const line = (kind: StatementLine['kind'], recordId: string, reference: string | null = null) => ({
  kind,
  recordId,
  reference,
});
const terms = { perSession: '1.00', percentage: '10', currency: 'EUR', payer: 'PARTY' as const };

describe('clearing-house fee per session (review finding 8, IEC 63119 6.4.3)', () => {
  it('an SDR with service lines is one session, not one per line', () => {
    expect(netSessions([line('RECORD', 'DEABC+a'), line('RECORD', 'DEABC+a'), line('RECORD', 'DEABC+a')])).toBe(1);
  });

  it('a revision replaces the credited original: both count once net; a credit cancels its record', () => {
    const original = line('RECORD', 'DEABC+a');
    const revision = [line('CREDIT', 'DEABC+r', 'a'), line('RECORD', 'DEABC+r')];
    expect(netSessions([original, ...revision])).toBe(1);
    expect(netSessions([original, line('CREDIT', 'DEABC+c', 'a')])).toBe(0);
    expect(netSessions([line('RECORD', 'DEABC+b'), line('CREDIT', 'DEABC+c', 'a')])).toBe(0);
  });

  it('the fee counts the totals’ sessions and takes the percentage of the signed total (credits reduce it)', () => {
    const totals: CurrencyTotals[] = [
      {
        currency: 'EUR',
        records: 3,
        credits: 1,
        sessions: 1,
        amountExclVat: '-8.40',
        vat: '-1.60',
        amountInclVat: '-10.00',
      },
    ];
    expect(feeLine('NLXYZ', 'DEABC', { ...terms, percentage: '5' }, totals, 2)).toMatchObject({
      sessions: 1,
      amount: '0.50', // 1 × 1.00 + 5 % of −10.00 (was 1.50: 3 lines and 5 % of |−10.00|)
    });
    expect(feeLine('NLXYZ', 'DEABC', { ...terms, perSession: '0' }, totals, 2)).toMatchObject({
      sessions: 1,
      amount: '-1.00',
    });
  });
});
