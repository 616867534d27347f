import { statusChanges } from '../evse-status/projections/latest-status/latest-status.projection';
import { emptyHistory, sumHistories } from './projections/evse-history.queries';

const row = (evseId: string, status: string, observedAt: string) => ({
  evseId,
  status,
  observedAt,
  receivedAt: observedAt,
  globalPosition: '1',
});

describe('EVSE history (GeM 967/1599)', () => {
  it('opens a status interval for a new EVSE and for a newer, different status only', () => {
    const before = new Map([
      ['E1', { status: 'AVAILABLE', observedAt: '2026-03-01T10:00:00.000Z' }],
      ['E2', { status: 'AVAILABLE', observedAt: '2026-03-01T10:00:00.000Z' }],
      ['E3', { status: 'AVAILABLE', observedAt: '2026-03-01T10:00:00.000Z' }],
    ]);
    const changes = statusChanges(
      [
        row('E1', 'CHARGING', '2026-03-01T10:05:00.000Z'),
        row('E2', 'AVAILABLE', '2026-03-01T10:05:00.000Z'),
        row('E3', 'CHARGING', '2026-03-01T09:59:00.000Z'),
        row('E4', 'OUT_OF_ORDER', '2026-03-01T10:01:00.000Z'),
      ],
      before,
    );
    expect(changes).toEqual([
      { evseId: 'E1', status: 'CHARGING', startedAt: '2026-03-01T10:05:00.000Z' },
      { evseId: 'E4', status: 'OUT_OF_ORDER', startedAt: '2026-03-01T10:01:00.000Z' },
    ]);
  });

  it('sums the EVSEs of a load area', () => {
    const a = { ...emptyHistory(), energyWh: 1000, statusSeconds: { CHARGING: 60 }, evspPartyIds: ['DE8AA'] };
    a.failedAuthorizationAttempts = { total: 1, byReason: { UNKNOWN_TOKEN: 1 } };
    const b = {
      ...emptyHistory(),
      energyWh: 500,
      statusSeconds: { CHARGING: 30, AVAILABLE: 10 },
      evspPartyIds: ['NLEVB', 'DE8AA'],
    };
    b.failedAuthorizationAttempts = { total: 2, byReason: { UNKNOWN_TOKEN: 1, TOKEN_BLOCKED: 1 } };
    expect(sumHistories([a, b])).toMatchObject({
      energyWh: 1500,
      statusSeconds: { CHARGING: 90, AVAILABLE: 10 },
      failedAuthorizationAttempts: { total: 3, byReason: { UNKNOWN_TOKEN: 2, TOKEN_BLOCKED: 1 } },
      evspPartyIds: ['DE8AA', 'NLEVB'],
    });
  });
});
