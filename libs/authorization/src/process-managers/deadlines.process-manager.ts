import { Injectable, Logger } from '@nestjs/common';
import { CheckpointedProcessor, Database, EventStore } from '@roaming/event-store';
import { Clock } from '@roaming/shared-kernel';
import { AuthorizationSettings } from '../config/authorization.settings';
import { RemoteCommands } from '../remote-command/application/remote-commands';
import { REMOTE_COMMAND_CATEGORY } from '../remote-command/domain';
import { Sessions } from '../session/application/sessions';
import { SESSION_CATEGORY } from '../session/domain';
import { type DeadlineKind, projectDeadlines } from './deadlines.projector';

export const DEADLINES_PROCESSOR_ID = 'authz.deadlines:v1';
const ACTOR = 'authorization.deadlines';

interface DueRow {
  deadline_key: string;
  kind: DeadlineKind;
  subject_id: string;
  due_at: Date | string;
  attempts: number;
}

/**
 * The process manager behind command timeouts (IEC 63119-2 UC3-2/UC3-4: requested → timed out when the CPO stays
 * silent) and overdue sessions. Checkpointed: a projection keeps `authz.deadlines` in step with the events, in the
 * same transaction as its checkpoint; a timer asks the table, on the hub's clock, what is due and sends the
 * aggregate a command carrying `now`, which its decider judges. No timer holds state in memory: after a crash the
 * next tick finds the same rows, and a deadline that fires twice (two instances) changes nothing the second time.
 */
@Injectable()
export class DeadlinesProcessManager {
  readonly projection: CheckpointedProcessor;
  private readonly logger = new Logger(DeadlinesProcessManager.name);
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;

  constructor(
    store: EventStore,
    private readonly db: Database,
    private readonly settings: AuthorizationSettings,
    private readonly clock: Clock,
    private readonly commands: RemoteCommands,
    private readonly sessions: Sessions,
  ) {
    this.projection = new CheckpointedProcessor({
      processorId: DEADLINES_PROCESSOR_ID,
      store,
      categories: [REMOTE_COMMAND_CATEGORY, SESSION_CATEGORY],
      handle: (events, tx) => projectDeadlines(events, tx, settings.sessionOpenLimitMs),
      logger: new Logger(`Projection ${DEADLINES_PROCESSOR_ID}`),
    });
  }

  /** Acts on every deadline due by the clock now; returns how many fired. */
  async tick(): Promise<number> {
    const now = this.clock.now();
    const { rows } = await this.db.query<DueRow>(
      `SELECT deadline_key, kind, subject_id, due_at, attempts FROM authz.deadlines
       WHERE due_at <= $1::timestamptz ORDER BY due_at, deadline_key LIMIT 100`,
      [now.toISOString()],
    );
    let fired = 0;
    for (const row of rows) {
      const dueAt = new Date(row.due_at).toISOString();
      try {
        await this.fire(row, now);
        // Unless the projection moved it meanwhile (a new schedule for the same key), it has done its work.
        await this.db.query(`DELETE FROM authz.deadlines WHERE deadline_key = $1 AND due_at = $2::timestamptz`, [
          row.deadline_key,
          dueAt,
        ]);
        fired++;
      } catch (error) {
        const retryAt = new Date(now.getTime() + Math.min(1_000 * 2 ** row.attempts, 60_000));
        this.logger.error(`deadline ${row.deadline_key} failed (attempt ${row.attempts + 1}): ${String(error)}`);
        await this.db.query(
          `UPDATE authz.deadlines SET attempts = attempts + 1, due_at = $3::timestamptz
           WHERE deadline_key = $1 AND due_at = $2::timestamptz`,
          [row.deadline_key, dueAt, retryAt.toISOString()],
        );
      }
    }
    return fired;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.projection.start();
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    await this.projection.stop();
  }

  private async fire(row: DueRow, now: Date): Promise<void> {
    const context = { actor: ACTOR, correlationId: row.deadline_key };
    switch (row.kind) {
      case 'command-timeout':
        await this.commands.execute(
          { type: 'ExpireRemoteCommand', data: { commandId: row.subject_id, now: now.toISOString() } },
          context,
        );
        return;
      case 'session-overdue':
        await this.sessions.execute(
          {
            type: 'FlagSessionIfOverdue',
            data: { sessionId: row.subject_id, now: now.toISOString(), limitMs: this.settings.sessionOpenLimitMs },
          },
          context,
        );
        return;
    }
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        await this.tick();
      } catch (error) {
        this.logger.error(`deadline poll failed: ${String(error)}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, this.settings.deadlinePollMs);
        function done() {
          clearTimeout(timer);
          resolve();
        }
        this.wake = done;
      });
    }
  }
}
