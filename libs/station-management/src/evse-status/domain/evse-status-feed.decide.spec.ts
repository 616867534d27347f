import { decideStatusReport, type StatusReportContext } from './evse-status-feed.decide';
import { parseStatusReport } from './evse-status-report.values';
import type { RecordedEvent } from '@roaming/event-store';
import { newestPerEvse } from '../projections/latest-status/latest-status.projection';

const RECEIVED = '2026-03-01T10:00:00.000Z';
const context = (overrides: Partial<StatusReportContext> = {}): StatusReportContext => ({
  reporterPartyIds: ['DEABC'],
  evse: { status: 'PUBLISHED', operatorPartyId: 'DEABC' },
  receivedAt: RECEIVED,
  ...overrides,
});
const report = { evseId: 'DE*ABC*E1', status: 'CHARGING' as const, observedAt: '2026-03-01T09:59:58.000Z' };

const expectCode = (attempt: () => unknown, code: string, kind: string) =>
  expect(attempt).toThrow(expect.objectContaining({ code, kind }));

describe('EVSE status report decision (IEC 63119-2 UC1-3, eMI3 UCE U)', () => {
  it('records a report of a published EVSE of the reporter', () => {
    expect(decideStatusReport(report, context(), 'm-1')).toEqual({ ...report, messageId: 'm-1' });
  });

  it('refuses an EVSE no published site lists (EVSE_UNKNOWN)', () => {
    expectCode(() => decideStatusReport(report, context({ evse: undefined })), 'EVSE_UNKNOWN', 'notFound');
  });

  it('refuses an EVSE of another operator (EVSE_NOT_OWNED)', () => {
    expectCode(
      () => decideStatusReport(report, context({ evse: { status: 'PUBLISHED', operatorPartyId: 'DEXYZ' } })),
      'EVSE_NOT_OWNED',
      'forbidden',
    );
  });

  it('accepts an EVSE under another party id of the same CPO', () => {
    const evse = { status: 'PUBLISHED' as const, operatorPartyId: 'DEABD' };
    expect(decideStatusReport(report, context({ evse, reporterPartyIds: ['DEABC', 'DEABD'] })).status).toBe('CHARGING');
  });

  it('refuses a withdrawn EVSE (EVSE_WITHDRAWN)', () => {
    expectCode(
      () => decideStatusReport(report, context({ evse: { status: 'WITHDRAWN', operatorPartyId: 'DEABC' } })),
      'EVSE_WITHDRAWN',
      'illegalState',
    );
  });

  it('allows clock skew but refuses an observation minutes ahead of the hub (STATUS_IN_FUTURE)', () => {
    expect(decideStatusReport({ ...report, observedAt: '2026-03-01T10:04:59.000Z' }, context()).status).toBe(
      'CHARGING',
    );
    expectCode(
      () => decideStatusReport({ ...report, observedAt: '2026-03-01T10:05:01.000Z' }, context()),
      'STATUS_IN_FUTURE',
      'validation',
    );
  });

  describe('reading a report', () => {
    it('normalises the EVSE id and defaults observedAt to the receipt', () => {
      expect(parseStatusReport({ evseId: 'de*abc*e1', status: 'AVAILABLE' }, RECEIVED)).toEqual({
        evseId: 'DE*ABC*E1',
        status: 'AVAILABLE',
        observedAt: RECEIVED,
      });
    });

    it.each([
      [{ evseId: 'DE*ABC*E1', status: 'FREE' }, 'EVSE_STATUS_UNKNOWN', 'status'],
      [{ evseId: 'nope', status: 'AVAILABLE' }, 'EVSE_ID_INVALID', 'evseId'],
      [{ evseId: 'DE*ABC*E1', status: 'AVAILABLE', observedAt: 'yesterday' }, 'TIMESTAMP_INVALID', 'observedAt'],
      ['just text', 'STATUS_REPORT_INVALID', 'body'],
    ])('refuses %j with %s naming %s', (input, code, field) => {
      expect(() => parseStatusReport(input, RECEIVED)).toThrow(
        expect.objectContaining({ code, details: expect.objectContaining({ field }) }),
      );
    });
  });

  describe('latest-status projector', () => {
    const recorded = (evseId: string, status: string, observedAt: string, globalPosition: string) =>
      ({
        type: 'EvseStatusReported',
        data: { evseId, status, observedAt, receivedAt: RECEIVED },
        globalPosition,
      }) as RecordedEvent;

    it('keeps the newest observation per EVSE of a batch, the later report winning a tie', () => {
      const rows = newestPerEvse([
        recorded('E1', 'AVAILABLE', '2026-03-01T09:00:02Z', '10'),
        recorded('E1', 'CHARGING', '2026-03-01T09:00:01Z', '11'),
        recorded('E2', 'AVAILABLE', '2026-03-01T09:00:00Z', '12'),
        recorded('E2', 'OCCUPIED', '2026-03-01T09:00:00Z', '13'),
      ]);
      expect(rows.map((r) => [r.evseId, r.status])).toEqual([
        ['E1', 'AVAILABLE'],
        ['E2', 'OCCUPIED'],
      ]);
    });

    it('reads the reports of a batched event in their order, and the first shape of events alike', () => {
      const batch = {
        type: 'EvseStatusesReported',
        data: {
          receivedAt: RECEIVED,
          reports: [
            { evseId: 'E1', status: 'AVAILABLE', observedAt: '2026-03-01T09:00:00Z', messageId: 'a' },
            { evseId: 'E1', status: 'CHARGING', observedAt: '2026-03-01T09:00:00Z', messageId: 'b' },
            { evseId: 'E3', status: 'OUT_OF_ORDER', observedAt: '2026-03-01T08:00:00Z', messageId: 'c' },
          ],
        },
        globalPosition: '20',
      } as RecordedEvent;
      const rows = newestPerEvse([recorded('E3', 'AVAILABLE', '2026-03-01T09:00:00Z', '19'), batch]);
      expect(rows.map((r) => [r.evseId, r.status])).toEqual([
        ['E3', 'AVAILABLE'],
        ['E1', 'CHARGING'],
      ]);
    });
  });
});
