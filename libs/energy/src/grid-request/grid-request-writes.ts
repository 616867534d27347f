import { Inject, Injectable } from '@nestjs/common';
import {
  Database,
  type EventMetadata,
  EventStore,
  handleCommand,
  loadState,
  type SqlExecutor,
} from '@roaming/event-store';
import type { Principal } from '@roaming/platform';
import { Clock, DomainError, IdGenerator } from '@roaming/shared-kernel';
import { ENERGY_CONFIG, type EnergyConfig } from '../config/energy-config';
import { isoOf } from '../shared/instant';
import { newAggregateId, requestMetadata } from '../shared/request-context';
import { EvseCatalogueConsumer } from '../views/evse-catalogue.consumer';
import {
  type GridRequestCommand,
  gridRequestDecider,
  type GridRequestKind,
  type GridRequestPriority,
  type GridRequestState,
  gridRequestStream,
} from './domain/grid-request';

export interface GridRequestInput {
  loadAreaId: string;
  kind: GridRequestKind;
  priority: GridRequestPriority;
  startsAt: string;
  endsAt: string;
  limitW: number | null;
  reductionW: number | null;
  idempotencyKey?: string;
}

export interface GridRequestView {
  requestId: string;
  dsoPartyId: string;
  loadAreaId: string;
  kind: GridRequestKind;
  priority: GridRequestPriority;
  startsAt: string;
  endsAt: string;
  limitW: number | null;
  reductionW: number | null;
  status: 'OPEN' | 'CANCELLED';
  respondBy: string;
  /** Per addressed CPO: PENDING, ACKNOWLEDGED, DECLINED or MISSING (no reaction by respondBy). */
  targets: {
    cpoPartyId: string;
    evseIds: string[];
    answer: string;
    answeredAt: string | null;
    achievedPowerW: number | null;
  }[];
}

/** Grid requests around the decider (GeM 972/1602, 961/1596, 1572; IEC 63110 E5). */
@Injectable()
export class GridRequestWrites {
  constructor(
    private readonly store: EventStore,
    private readonly db: Database,
    private readonly catalogue: EvseCatalogueConsumer,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    @Inject(ENERGY_CONFIG) private readonly config: EnergyConfig,
  ) {}

  async issue(principal: Principal, input: GridRequestInput): Promise<GridRequestView> {
    const now = this.clock.now();
    const requestId = newAggregateId('grid-request', principal, input.idempotencyKey, this.ids);
    const dsoPartyId = input.loadAreaId.slice(0, input.loadAreaId.indexOf(':'));
    const targets = [...(await this.catalogue.evsesByCpo(input.loadAreaId))].map(([cpoPartyId, evseIds]) => ({
      cpoPartyId,
      evseIds,
    }));
    const { idempotencyKey: _key, ...terms } = input;
    await this.run(
      requestId,
      {
        type: 'IssueGridRequest',
        data: {
          ...terms,
          requestId,
          dsoPartyId,
          actingPartyIds: [...principal.partyIds],
          targets,
          at: now.toISOString(),
          respondBy: new Date(now.getTime() + this.config.acknowledgeSeconds[input.priority] * 1000).toISOString(),
        },
      },
      requestMetadata(principal),
      input.idempotencyKey,
    );
    return this.view(requestId);
  }

  async respond(
    partyIds: readonly string[],
    requestId: string,
    response:
      | { kind: 'acknowledgement'; accepted: boolean; reason: string | null }
      | { kind: 'fulfilment'; achievedPowerW: number },
    metadata: EventMetadata,
    tx?: SqlExecutor,
  ): Promise<void> {
    const at = this.clock.now().toISOString();
    const command: GridRequestCommand =
      response.kind === 'acknowledgement'
        ? {
            type: 'AcknowledgeGridRequest',
            data: { cpoPartyIds: partyIds, accepted: response.accepted, reason: response.reason, at },
          }
        : {
            type: 'ReportGridFulfilment',
            data: { cpoPartyIds: partyIds, achievedPowerW: response.achievedPowerW, at },
          };
    await this.run(requestId, command, metadata, undefined, tx);
  }

  async cancel(principal: Principal, requestId: string): Promise<GridRequestView> {
    await this.run(
      requestId,
      { type: 'CancelGridRequest', data: { actingPartyIds: principal.partyIds, at: this.clock.now().toISOString() } },
      requestMetadata(principal),
    );
    return this.view(requestId);
  }

  async run(
    requestId: string,
    command: GridRequestCommand,
    metadata: EventMetadata,
    idempotencyKey?: string,
    tx?: SqlExecutor,
  ) {
    return handleCommand(this.store, gridRequestStream(requestId), gridRequestDecider, command, {
      metadata,
      idempotencyKey,
      tx,
    });
  }

  /** The request as the grid operator or an addressed CPO sees it; anyone else gets GRID_REQUEST_NOT_FOUND. */
  async get(principal: Principal, requestId: string): Promise<GridRequestView> {
    const { state } = await loadState(this.store, gridRequestStream(requestId), gridRequestDecider);
    const parties = principal.partyIds;
    if (
      state.status === 'NONE' ||
      !(parties.includes(state.dsoPartyId) || state.targets.some((t) => parties.includes(t.cpoPartyId)))
    ) {
      throw DomainError.notFound('GRID_REQUEST_NOT_FOUND', `no grid request ${requestId} of yours`);
    }
    return this.view(requestId, state);
  }

  private async view(requestId: string, known?: GridRequestState): Promise<GridRequestView> {
    const state = known ?? (await loadState(this.store, gridRequestStream(requestId), gridRequestDecider)).state;
    if (state.status === 'NONE') throw new Error(`grid request ${requestId} was not issued`);
    const { rows } = await this.db.query<{
      cpo_party_id: string;
      answer: string;
      answered_at: Date | null;
      achieved_power_w: string | null;
    }>(
      `SELECT cpo_party_id, answer, answered_at, achieved_power_w FROM energy.grid_request_targets WHERE request_id = $1`,
      [requestId],
    );
    const projected = new Map(rows.map((r) => [r.cpo_party_id, r]));
    return {
      requestId,
      dsoPartyId: state.dsoPartyId,
      loadAreaId: state.loadAreaId,
      kind: state.kind,
      priority: state.priority,
      startsAt: state.startsAt,
      endsAt: state.endsAt,
      limitW: state.limitW,
      reductionW: state.reductionW,
      status: state.status,
      respondBy: state.respondBy,
      // The answers from the stream; the projection adds MISSING flags and fulfilment once it caught up.
      targets: state.targets.map((t) => {
        const row = projected.get(t.cpoPartyId);
        const answer = state.answers[t.cpoPartyId];
        return {
          cpoPartyId: t.cpoPartyId,
          evseIds: t.evseIds,
          answer: answer === undefined ? (row?.answer ?? 'PENDING') : answer ? 'ACKNOWLEDGED' : 'DECLINED',
          answeredAt: row?.answered_at ? isoOf(row.answered_at) : null,
          achievedPowerW: row?.achieved_power_w ? Number(row.achieved_power_w) : null,
        };
      }),
    };
  }
}
