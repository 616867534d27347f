import type { RecordedEvent } from '@roaming/event-store';
import { deadlineChange } from './deadlines.projector';

const recorded = (type: string, data: object): RecordedEvent => ({
  type,
  data,
  metadata: { recordedAt: '2026-03-01T10:00:00.000Z', messageId: 'm' },
  messageId: 'm',
  schemaVersion: 1,
  streamName: 'x-1',
  category: 'x',
  streamPosition: 1,
  globalPosition: '1',
  transactionId: '1',
  recordedAt: '2026-03-01T10:00:00.000Z',
  hash: 'h',
});

const DAY = 24 * 3_600_000;

describe('deadlines from events (the checkpointed process manager of IEC 63119-2 UC3-2/UC3-4 and overdue sessions)', () => {
  it("schedules a command's timeout at the respondBy it was given, and cancels it when the CPO answers or it times out", () => {
    const requested = recorded('RemoteStartRequested', { commandId: 'c-1', respondBy: '2026-03-01T10:01:00.000Z' });
    expect(deadlineChange(requested, DAY)).toEqual({
      op: 'schedule',
      deadline: {
        key: 'command:c-1',
        kind: 'command-timeout',
        streamName: 'remoteCommand-c-1',
        dueAt: '2026-03-01T10:01:00.000Z',
      },
    });
    const stop = recorded('RemoteStopRequested', { commandId: 'c-2', respondBy: '2026-03-01T10:01:00.000Z' });
    expect(deadlineChange(stop, DAY)).toMatchObject({ deadline: { key: 'command:c-2' } });
    for (const type of ['RemoteCommandAccepted', 'RemoteCommandRejected', 'RemoteCommandTimedOut']) {
      expect(deadlineChange(recorded(type, { commandId: 'c-1' }), DAY)).toEqual({ op: 'cancel', key: 'command:c-1' });
    }
  });

  it("schedules a session's overdue check from its start time (event time, not the clock), cancelled by its end or the flag", () => {
    const started = recorded('SessionStarted', { sessionId: 's-1', startedAt: '2026-03-01T09:00:00.000Z' });
    expect(deadlineChange(started, DAY)).toEqual({
      op: 'schedule',
      deadline: {
        key: 'session:s-1',
        kind: 'session-overdue',
        streamName: 'session-s-1',
        dueAt: '2026-03-02T09:00:00.000Z',
      },
    });
    expect(deadlineChange(recorded('SessionEnded', { sessionId: 's-1' }), DAY)).toEqual({
      op: 'cancel',
      key: 'session:s-1',
    });
    expect(deadlineChange(recorded('SessionFlaggedOverdue', { sessionId: 's-1' }), DAY)).toEqual({
      op: 'cancel',
      key: 'session:s-1',
    });
  });

  it('ignores everything else', () => {
    expect(deadlineChange(recorded('SessionProgressed', { sessionId: 's-1' }), DAY)).toBeUndefined();
    expect(deadlineChange(recorded('RemoteStartRefused', { commandId: 'c-1' }), DAY)).toBeUndefined();
  });
});
