import { Injectable, Logger } from '@nestjs/common';
import { CheckpointedProcessor, Database, type Deadline, DeadlineTimer, EventStore } from '@roaming/event-store';
import { Clock } from '@roaming/shared-kernel';
import { AuthorizationSettings } from '../config/authorization.settings';
import { RemoteCommands } from '../remote-command/application/remote-commands';
import { REMOTE_COMMAND_CATEGORY } from '../remote-command/domain';
import { Sessions } from '../session/application/sessions';
import { SESSION_CATEGORY } from '../session/domain';
import { ThrottledWakeStore } from '../shared/throttled-wake-store';
import { DEADLINES_SCHEMA, type DeadlineKind, projectDeadlines } from './deadlines.projector';

/** v2: the rows moved to the event store's deadline table, derived again from the events. */
export const DEADLINES_PROCESSOR_ID = 'authz.deadlines:v2';
const ACTOR = 'authorization.deadlines';

/**
 * The process manager behind command timeouts (IEC 63119-2 UC3-2/UC3-4: requested → timed out when the CPO stays
 * silent) and overdue sessions. Checkpointed: a projection keeps the deadline rows in step with the events, in the
 * same transaction as its checkpoint; the event store's DeadlineTimer asks them, on the hub's clock, what is due and
 * this manager sends the aggregate a command carrying `now`, which its decider judges. No timer holds state in
 * memory: after a crash the next tick finds the same rows, and a deadline that fires twice (two instances) changes
 * nothing the second time.
 */
@Injectable()
export class DeadlinesProcessManager {
  readonly projection: CheckpointedProcessor;
  private readonly timer: DeadlineTimer;

  constructor(
    store: EventStore,
    db: Database,
    private readonly settings: AuthorizationSettings,
    clock: Clock,
    private readonly commands: RemoteCommands,
    private readonly sessions: Sessions,
  ) {
    this.projection = new CheckpointedProcessor({
      processorId: DEADLINES_PROCESSOR_ID,
      // Commands and sessions are rare beside the decisions: poll, do not wake for every decision batch.
      store: new ThrottledWakeStore(store, null),
      categories: [REMOTE_COMMAND_CATEGORY, SESSION_CATEGORY],
      handle: (events, tx) => projectDeadlines(events, tx, settings.sessionOpenLimitMs),
      logger: new Logger(`Projection ${DEADLINES_PROCESSOR_ID}`),
    });
    this.timer = new DeadlineTimer({
      timerId: 'authorization.deadlines',
      database: db,
      schema: DEADLINES_SCHEMA,
      now: () => clock.now(),
      fire: (deadline, now) => this.fire(deadline, now),
      pollIntervalMs: settings.deadlinePollMs,
    });
  }

  /** Acts on every deadline due by the clock now; returns how many fired. */
  tick(): Promise<number> {
    return this.timer.tick();
  }

  start(): void {
    this.projection.start();
    this.timer.start();
  }

  async stop(): Promise<void> {
    await this.timer.stop();
    await this.projection.stop();
  }

  private async fire(deadline: Deadline, now: Date): Promise<void> {
    const subjectId = deadline.streamName.slice(deadline.streamName.indexOf('-') + 1);
    const context = { actor: ACTOR, correlationId: deadline.key };
    switch (deadline.kind as DeadlineKind) {
      case 'command-timeout':
        await this.commands.execute(
          { type: 'ExpireRemoteCommand', data: { commandId: subjectId, now: now.toISOString() } },
          context,
        );
        return;
      case 'session-overdue':
        await this.sessions.execute(
          {
            type: 'FlagSessionIfOverdue',
            data: { sessionId: subjectId, now: now.toISOString(), limitMs: this.settings.sessionOpenLimitMs },
          },
          context,
        );
        return;
      default:
        throw new Error(`deadline ${deadline.key}: unknown kind ${deadline.kind}`);
    }
  }
}
