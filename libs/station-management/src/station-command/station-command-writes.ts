import { Inject, Injectable } from '@nestjs/common';
import { type EventMetadata, EventStore, handleCommand, loadState, type SqlExecutor } from '@roaming/event-store';
import type { Principal } from '@roaming/platform';
import { Clock, DomainError, EvseId, IdGenerator } from '@roaming/shared-kernel';
import type { StationConfig } from '../config/station-config';
import { STATION_CONFIG } from '../config/station-config.token';
import { RegistryViewRepository } from '../registry-view/registry-view.repository';
import { newAggregateId, requestMetadata } from '../shared/request-context';
import { SitesQueries } from '../site/projections/sites/sites.queries';
import {
  type CommandResult,
  type StationCommandCommand,
  stationCommandDecider,
  type StationCommandState,
  stationCommandStream,
  type UnlockContext,
} from './domain/station-command';

export interface StationCommandView {
  commandId: string;
  kind: 'UNLOCK_CONNECTOR';
  status: Exclude<StationCommandState['status'], 'NONE'>;
  evseId: string;
  connectorId: string;
  context: UnlockContext;
  cpoPartyId: string;
  emspPartyId: string;
  respondBy: string | null;
  result: CommandResult | null;
  reason: string | null;
}

/** IEC 63119-2 UC5-2/5-3 around the decider: the EVSP's request, the CPO's outcome from either door, the timeout. */
@Injectable()
export class StationCommandWrites {
  constructor(
    private readonly store: EventStore,
    private readonly sites: SitesQueries,
    private readonly registry: RegistryViewRepository,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    @Inject(STATION_CONFIG) private readonly config: StationConfig,
  ) {}

  async requestUnlock(
    principal: Principal,
    input: {
      evseId: string;
      connectorId: string;
      context: UnlockContext;
      authorizationId: string | null;
      idempotencyKey?: string;
    },
  ): Promise<StationCommandView> {
    const evseId = EvseId.parse(input.evseId, 'evseId').value;
    const now = this.clock.now();
    const at = now.toISOString();
    const entry = await this.sites.evse(evseId);
    const cpoPartyId = entry?.operatorPartyId ?? EvseId.parse(evseId).operatorId.value;
    // The EVSP acts for one of its parties: the one with an agreement in force with the operator, if any.
    const agreed = await this.registry.emspsAgreedWith([cpoPartyId], at);
    const emspPartyId = principal.partyIds.find((p) => agreed.includes(p)) ?? principal.partyIds[0];
    const commandId = newAggregateId('station-command', principal, input.idempotencyKey, this.ids);
    const { state } = await handleCommand(
      this.store,
      stationCommandStream(commandId),
      stationCommandDecider,
      {
        type: 'RequestUnlock',
        data: {
          commandId,
          evseId,
          cpoPartyId,
          emspPartyId,
          connectorId: input.connectorId,
          context: input.context,
          authorizationId: input.authorizationId,
          requestedAt: at,
          respondBy: new Date(now.getTime() + this.config.commandTimeoutSeconds * 1000).toISOString(),
          facts: {
            evse: entry && { status: entry.status, connectorIds: entry.connectorIds },
            agreementInForce: agreed.includes(emspPartyId),
          },
        },
      },
      { metadata: requestMetadata(principal), idempotencyKey: input.idempotencyKey },
    );
    return viewOf(state);
  }

  async get(principal: Principal, commandId: string): Promise<StationCommandView> {
    return viewOf(await this.visibleState(principal.partyIds, commandId, 'either'));
  }

  async recordResult(
    partyIds: readonly string[],
    commandId: string,
    result: { result: CommandResult; reason: string | null },
    metadata: EventMetadata,
    tx?: SqlExecutor,
  ): Promise<StationCommandView> {
    await this.visibleState(partyIds, commandId, 'cpo', tx);
    return this.run(
      commandId,
      { type: 'RecordCommandResult', data: { ...result, at: this.clock.now().toISOString() } },
      metadata,
      tx,
    );
  }

  async run(commandId: string, command: StationCommandCommand, metadata: EventMetadata, tx?: SqlExecutor) {
    const { state } = await handleCommand(this.store, stationCommandStream(commandId), stationCommandDecider, command, {
      metadata,
      tx,
    });
    return viewOf(state);
  }

  private async visibleState(partyIds: readonly string[], commandId: string, as: 'cpo' | 'either', tx?: SqlExecutor) {
    const { state } = await loadState(this.store, stationCommandStream(commandId), stationCommandDecider, tx);
    const visible =
      state.status !== 'NONE' &&
      (partyIds.includes(state.cpoPartyId) || (as === 'either' && partyIds.includes(state.emspPartyId)));
    if (!visible) throw DomainError.notFound('COMMAND_NOT_FOUND', `no command ${commandId} of yours`, { commandId });
    return state;
  }
}

export function viewOf(state: StationCommandState): StationCommandView {
  if (state.status === 'NONE') throw new Error('a station command left no command');
  const { commandId, kind, status, evseId, connectorId, context, cpoPartyId, emspPartyId, respondBy, result, reason } =
    state;
  return { commandId, kind, status, evseId, connectorId, context, cpoPartyId, emspPartyId, respondBy, result, reason };
}
