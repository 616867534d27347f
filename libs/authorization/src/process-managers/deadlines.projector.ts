import {
  cancelDeadlines,
  type Deadline,
  type RecordedEvent,
  scheduleDeadline,
  type SqlExecutor,
} from '@roaming/event-store';
import type { RemoteCommandEvent } from '../remote-command/domain';
import { remoteCommandStream } from '../remote-command/domain';
import type { SessionEvent } from '../session/domain';
import { sessionStream } from '../session/domain';

export const DEADLINES_SCHEMA = 'authz';

export type DeadlineKind = 'command-timeout' | 'session-overdue';

export type DeadlineChange = { op: 'schedule'; deadline: Deadline } | { op: 'cancel'; key: string };

const commandKey = (commandId: string) => `command:${commandId}`;
const sessionKey = (sessionId: string) => `session:${sessionId}`;

/**
 * Pure: what one event does to the deadlines. Both are judged from event time (a command's respondBy, a session's
 * start plus the limit), so a replay schedules the same moments; what ends the wait cancels it.
 */
export function deadlineChange(event: RecordedEvent, sessionOpenLimitMs: number): DeadlineChange | undefined {
  const known = { type: event.type, data: event.data } as RemoteCommandEvent | SessionEvent;
  switch (known.type) {
    case 'RemoteStartRequested':
    case 'RemoteStopRequested':
      return {
        op: 'schedule',
        deadline: {
          key: commandKey(known.data.commandId),
          kind: 'command-timeout',
          streamName: remoteCommandStream(known.data.commandId),
          dueAt: known.data.respondBy,
        },
      };
    case 'RemoteCommandAccepted':
    case 'RemoteCommandRejected':
    case 'RemoteCommandTimedOut':
      return { op: 'cancel', key: commandKey(known.data.commandId) };
    case 'SessionStarted':
      return {
        op: 'schedule',
        deadline: {
          key: sessionKey(known.data.sessionId),
          kind: 'session-overdue',
          streamName: sessionStream(known.data.sessionId),
          dueAt: new Date(Date.parse(known.data.startedAt) + sessionOpenLimitMs).toISOString(),
        },
      };
    case 'SessionEnded':
    case 'SessionFlaggedOverdue':
      return { op: 'cancel', key: sessionKey(known.data.sessionId) };
    default:
      return undefined;
  }
}

/** Applies a batch in the processor's checkpoint transaction. */
export async function projectDeadlines(
  events: readonly RecordedEvent[],
  tx: SqlExecutor,
  sessionOpenLimitMs: number,
): Promise<void> {
  for (const event of events) {
    const change = deadlineChange(event, sessionOpenLimitMs);
    if (!change) continue;
    if (change.op === 'cancel') await cancelDeadlines(tx, DEADLINES_SCHEMA, [change.key]);
    else await scheduleDeadline(tx, DEADLINES_SCHEMA, change.deadline);
  }
}
