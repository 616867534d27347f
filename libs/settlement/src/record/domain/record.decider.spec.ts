import { deciderSpec } from '@roaming/testing';
import type { StatementLine } from '../../statement/domain/statement-line';
import { type PriceRecord, recordDecider, type RecordEvent, type SettlementRecordInput } from './record';

const spec = deciderSpec(recordDecider);
const AT = '2026-03-10T10:00:00.000Z';
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
const line: StatementLine = {
  lineId: 'DEABC+cdr-1:0',
  kind: 'RECORD',
  recordId: 'DEABC+cdr-1',
  cdrId: 'cdr-1',
  reference: null,
  sessionStart: record.startedAt,
  energyWh: '20000',
  currency: 'EUR',
  amountExclVat: '8.00',
  vat: '1.52',
  amountInclVat: '9.52',
};
const pricedOutcome = {
  kind: 'PRICED' as const,
  agreementId: 'agr-1',
  tariff: null,
  rounding: 'HALF_UP',
  rating: null,
  lines: [line],
  statementId: 'agr-1+M2026-03-01',
  homeStatementId: null,
};
const price = (outcome: PriceRecord['data']['outcome']): PriceRecord => ({
  type: 'PriceRecord',
  data: { recordId: 'DEABC+cdr-1', record, outcome, at: AT },
});
const parkedMissing = { kind: 'PARKED' as const, reason: 'TARIFF_MISSING' as const, detail: 'no tariff' };
const parked: RecordEvent = {
  type: 'RecordParked',
  data: { recordId: 'DEABC+cdr-1', record, reason: 'TARIFF_MISSING', detail: 'no tariff', at: AT },
};
const { kind: _kind, ...pricedData } = pricedOutcome;
const priced: RecordEvent = { type: 'RecordPriced', data: { recordId: 'DEABC+cdr-1', record, ...pricedData, at: AT } };

describe('record decider (IEC 63119 6.4.3, UC3-5): a record is priced once, or parked with a reason', () => {
  it('prices a new record with its lines and statement', () => {
    spec.when(price(pricedOutcome)).then([priced]);
  });

  it('parks a record that cannot be priced without a guess, and not again for the same reason', () => {
    spec.when(price(parkedMissing)).then([parked]);
    spec.given([parked]).when(price(parkedMissing)).thenNothing();
  });

  it('re-parks under a new reason, and prices a parked record once the missing fact arrived', () => {
    const mismatch = { kind: 'PARKED' as const, reason: 'CURRENCY_MISMATCH' as const, detail: 'CHF vs EUR' };
    spec
      .given([parked])
      .when(price(mismatch))
      .then([
        {
          type: 'RecordParked',
          data: { recordId: 'DEABC+cdr-1', record, reason: 'CURRENCY_MISMATCH', detail: 'CHF vs EUR', at: AT },
        },
      ]);
    spec.given([parked]).when(price(pricedOutcome)).then([priced]);
  });

  it('never prices a record twice (a correction is a credit or revision record)', () => {
    spec.given([priced]).when(price(pricedOutcome)).thenNothing();
    spec.given([priced]).when(price(parkedMissing)).thenNothing();
  });

  it('a priced record is credited once: the same credit again is no event, another one is refused', () => {
    const mark = (by: string) => ({
      type: 'MarkCredited' as const,
      data: { recordId: 'DEABC+cdr-1', byRecordId: by, at: AT },
    });
    const credited: RecordEvent = {
      type: 'RecordCredited',
      data: { recordId: 'DEABC+cdr-1', byRecordId: 'DEABC+c', at: AT },
    };
    spec.given([priced]).when(mark('DEABC+c')).then([credited]);
    spec.given([priced, credited]).when(mark('DEABC+c')).thenNothing();
    spec.given([priced, credited]).when(mark('DEABC+d')).thenThrows('RECORD_ALREADY_CREDITED', 'conflict');
    spec.given([parked]).when(mark('DEABC+c')).thenThrows('RECORD_NOT_PRICED');
  });
});
