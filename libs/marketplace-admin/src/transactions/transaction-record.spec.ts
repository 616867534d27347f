import { csvCell } from './transactions.csv';
import { transactionRecord } from './transaction-record';

const message = (type: string, data: object) => ({
  type,
  schemaVersion: 1,
  occurredAt: '2026-03-01T10:00:00.000Z',
  data,
});

describe('service transactions from the contexts’ messages (GeM 1491)', () => {
  it('records a denied authorization with its reason and no value', () => {
    expect(
      transactionRecord(
        message('AuthorizationDenied', {
          authorizationId: 'a-1',
          evseId: 'DE*AAA*E1',
          cpoPartyId: 'DEAAA',
          emspPartyId: null,
          tokenUid: '04',
          reason: 'TOKEN_BLOCKED',
        }),
      ),
    ).toMatchObject({ transactionId: 'authorization:a-1', status: 'DENIED', detail: 'TOKEN_BLOCKED', amount: null });
  });

  it('keeps the value of a forwarded CDR as a decimal string, and refuses to invent one from a malformed amount', () => {
    const cdr = {
      cdrId: 'C-1',
      cpoPartyId: 'DEAAA',
      emspPartyId: 'DEBBB',
      energyWh: 1,
      totalCost: { amount: '1.5000', currency: 'EUR' },
    };
    expect(transactionRecord(message('CdrForwarded', cdr))).toMatchObject({
      amount: '1.5000',
      currency: 'EUR',
      energyWh: 1,
    });
    expect(
      transactionRecord(message('CdrForwarded', { ...cdr, totalCost: { amount: '1e9', currency: 'EUR' } })),
    ).toMatchObject({ amount: null, currency: null });
  });

  it('ignores messages it does not know (tolerant reader)', () => {
    expect(transactionRecord(message('TariffPublished', { cpoPartyId: 'DEAAA' }))).toBeUndefined();
    expect(transactionRecord(message('CdrForwarded', { cpoPartyId: 'DEAAA' }))).toBeUndefined();
  });

  it('writes CSV cells quoted when needed and never as spreadsheet formulas', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('-12.5')).toBe('-12.5');
    expect(csvCell(null)).toBe('');
  });
});
