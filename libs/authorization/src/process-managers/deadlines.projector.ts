import type { RecordedEvent, SqlExecutor } from '@roaming/event-store';
import type { RemoteCommandEvent } from '../remote-command/domain';
import type { SessionEvent } from '../session/domain';

export type DeadlineKind = 'command-timeout' | 'session-overdue';

export type DeadlineChange =
  { op: 'schedule'; key: string; kind: DeadlineKind; subjectId: string; dueAt: string } | { op: 'cancel'; key: string };

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
        key: commandKey(known.data.commandId),
        kind: 'command-timeout',
        subjectId: known.data.commandId,
        dueAt: known.data.respondBy,
      };
    case 'RemoteCommandAccepted':
    case 'RemoteCommandRejected':
    case 'RemoteCommandTimedOut':
      return { op: 'cancel', key: commandKey(known.data.commandId) };
    case 'SessionStarted':
      return {
        op: 'schedule',
        key: sessionKey(known.data.sessionId),
        kind: 'session-overdue',
        subjectId: known.data.sessionId,
        dueAt: new Date(Date.parse(known.data.startedAt) + sessionOpenLimitMs).toISOString(),
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
    if (change.op === 'cancel') {
      await tx.query(`DELETE FROM authz.deadlines WHERE deadline_key = $1`, [change.key]);
      continue;
    }
    await tx.query(
      `INSERT INTO authz.deadlines (deadline_key, kind, subject_id, due_at) VALUES ($1, $2, $3, $4::timestamptz)
       ON CONFLICT (deadline_key) DO UPDATE SET due_at = EXCLUDED.due_at, attempts = 0`,
      [change.key, change.kind, change.subjectId, change.dueAt],
    );
  }
}
