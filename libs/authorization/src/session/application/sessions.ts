import { Injectable } from '@nestjs/common';
import { EventStore, handleCommand, loadState, type SqlExecutor } from '@roaming/event-store';
import { type SessionCommand, sessionDecider, type SessionState, sessionStream } from '../domain';

export interface SessionCommandContext {
  actor: string;
  correlationId?: string;
  idempotencyKey?: string;
  tx?: SqlExecutor;
}

/** Runs commands on the charging session aggregate (`session-<id>`) and reads its state. */
@Injectable()
export class Sessions {
  constructor(private readonly store: EventStore) {}

  async execute(
    command: SessionCommand,
    context: SessionCommandContext,
  ): Promise<{ state: SessionState; changed: boolean }> {
    const { state, newEvents } = await handleCommand(
      this.store,
      sessionStream(command.data.sessionId),
      sessionDecider,
      command,
      {
        metadata: { actor: context.actor, correlationId: context.correlationId, causationId: context.correlationId },
        idempotencyKey: context.idempotencyKey,
        tx: context.tx,
      },
    );
    return { state, changed: newEvents.length > 0 };
  }

  async load(sessionId: string, tx?: SqlExecutor): Promise<SessionState> {
    return (await loadState(this.store, sessionStream(sessionId), sessionDecider, tx)).state;
  }
}
