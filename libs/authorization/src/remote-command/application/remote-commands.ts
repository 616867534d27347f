import { Injectable } from '@nestjs/common';
import { EventStore, handleCommand, loadState, type SqlExecutor } from '@roaming/event-store';
import {
  RemoteCommandErrors,
  type RemoteCommandCommand,
  remoteCommandDecider,
  type RemoteCommandState,
  remoteCommandStream,
} from '../domain';

export interface CommandContext {
  actor: string;
  correlationId?: string;
  /** Makes the new events' message ids a function of it (a retried request is recognised by the store). */
  idempotencyKey?: string;
  tx?: SqlExecutor;
}

/** Runs commands on the remote command aggregate (one stream per command) and reads its state. */
@Injectable()
export class RemoteCommands {
  constructor(private readonly store: EventStore) {}

  async execute(command: RemoteCommandCommand, context: CommandContext): Promise<RemoteCommandState> {
    const { state } = await handleCommand(
      this.store,
      remoteCommandStream(command.data.commandId),
      remoteCommandDecider,
      command,
      {
        metadata: { actor: context.actor, correlationId: context.correlationId, causationId: context.correlationId },
        idempotencyKey: context.idempotencyKey,
        tx: context.tx,
      },
    );
    return state;
  }

  /**
   * The CPO's answer to a command addressed to it (REST, Kafka, or its webhook's reply). Another operator's command
   * looks like none at all.
   */
  async recordCpoResponse(
    answer: { commandId: string; result: 'ACCEPTED' | 'REJECTED'; reason: string | null; respondedAt: string },
    callerPartyIds: readonly string[],
    context: CommandContext,
  ): Promise<Exclude<RemoteCommandState, { status: 'NONE' }>> {
    const current = await this.load(answer.commandId, context.tx);
    if (current.status === 'NONE' || !callerPartyIds.includes(current.cpoPartyId)) {
      throw RemoteCommandErrors.notFound(answer.commandId);
    }
    const state = await this.execute(
      { type: 'RecordCpoResponse', data: { ...answer, cpoPartyId: current.cpoPartyId } },
      context,
    );
    if (state.status === 'NONE') throw RemoteCommandErrors.notFound(answer.commandId);
    return state;
  }

  async load(commandId: string, tx?: SqlExecutor): Promise<RemoteCommandState> {
    return (await loadState(this.store, remoteCommandStream(commandId), remoteCommandDecider, tx)).state;
  }
}
