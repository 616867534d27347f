import { Inject, Injectable } from '@nestjs/common';
import { type EventMetadata, EventStore, handleCommand, loadState, type SqlExecutor } from '@roaming/event-store';
import type { Principal } from '@roaming/platform';
import { Clock, DomainError, EvseId, IdGenerator, Money } from '@roaming/shared-kernel';
import type { StationConfig } from '../config/station-config';
import { STATION_CONFIG } from '../config/station-config.token';
import { RegistryViewRepository } from '../registry-view/registry-view.repository';
import { newAggregateId, requestMetadata } from '../shared/request-context';
import { SitesQueries } from '../site/projections/sites/sites.queries';
import {
  type Fee,
  type ReservationCommand,
  reservationDecider,
  type ReservationState,
  reservationStream,
  type TokenType,
} from './domain';

export interface ReservationView {
  reservationId: string;
  status: Exclude<ReservationState['status'], 'NONE'>;
  evseId: string;
  cpoPartyId: string;
  emspPartyId: string;
  emaid: string | null;
  reserveUntil: string;
  respondBy: string | null;
  /** The hub's refusal reason (REFUSED) or the CPO's (REJECTED). */
  reason: string | null;
  fee: Fee | null;
}

export interface ReservationRequest {
  evseId: string;
  token: { uid: string; type: TokenType };
  reserveUntil: string;
  idempotencyKey?: string;
}

/**
 * The reservation use cases around the decider (IEC 63119-2 UC3-8): the EVSP's request with the hub's own checks
 * from its registry view, the CPO's answer from either door, cancellation, use, and the timers' verdicts.
 */
@Injectable()
export class ReservationWrites {
  constructor(
    private readonly store: EventStore,
    private readonly sites: SitesQueries,
    private readonly registry: RegistryViewRepository,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    @Inject(STATION_CONFIG) private readonly config: StationConfig,
  ) {}

  async request(principal: Principal, input: ReservationRequest): Promise<ReservationView> {
    const evseId = EvseId.parse(input.evseId, 'evseId').value;
    const now = this.clock.now();
    const requestedAt = now.toISOString();
    const entry = await this.sites.evse(evseId);
    const record = await this.registry.findToken(input.token.type, input.token.uid);
    // A token of another provider is as unknown to this caller as one nobody registered.
    const token = record && principal.partyIds.includes(record.emspPartyId) ? record : null;
    const emspPartyId = token?.emspPartyId ?? principal.partyIds[0];
    const cpoPartyId = entry?.operatorPartyId ?? EvseId.parse(evseId).operatorId.value;
    const [agreements, providerStanding] = token
      ? await Promise.all([
          this.registry.agreementsBetween(cpoPartyId, token.emspPartyId),
          this.registry.partyStanding(token.emspPartyId, 'emsp'),
        ])
      : [[], 'unknown' as const];
    const reservationId = newAggregateId('reservation', principal, input.idempotencyKey, this.ids);
    const command: ReservationCommand = {
      type: 'RequestReservation',
      data: {
        reservationId,
        evseId,
        cpoPartyId,
        emspPartyId,
        token: { uid: token?.tokenUid ?? input.token.uid, type: input.token.type },
        requestedAt,
        reserveUntil: input.reserveUntil,
        respondBy: new Date(now.getTime() + this.config.reservationResponseSeconds * 1000).toISOString(),
        facts: {
          evse: entry && {
            status: entry.status,
            reservationAllowed: entry.reservationAllowed,
            validUntil: entry.validUntil,
          },
          token,
          agreements,
          providerStanding,
        },
      },
    };
    const { state } = await handleCommand(this.store, reservationStream(reservationId), reservationDecider, command, {
      metadata: requestMetadata(principal),
      idempotencyKey: input.idempotencyKey,
    });
    return viewOf(state);
  }

  /** The reservation, if the caller is one of its two parties (anyone else gets RESERVATION_NOT_FOUND). */
  async get(principal: Principal, reservationId: string, tx?: SqlExecutor): Promise<ReservationView> {
    return viewOf(await this.visibleState(principal.partyIds, reservationId, 'either', tx));
  }

  async answer(
    partyIds: readonly string[],
    reservationId: string,
    answer: { result: 'ACCEPTED' | 'REJECTED'; reason: string | null; fee: unknown },
    metadata: EventMetadata,
    tx?: SqlExecutor,
  ): Promise<ReservationView> {
    await this.visibleState(partyIds, reservationId, 'cpo', tx);
    const fee = answer.fee === undefined || answer.fee === null ? null : parseFee(answer.fee);
    return this.run(
      reservationId,
      { type: 'AnswerReservation', data: { ...answer, fee, at: this.now() } },
      metadata,
      tx,
    );
  }

  async cancel(principal: Principal, reservationId: string): Promise<ReservationView> {
    await this.visibleState(principal.partyIds, reservationId, 'emsp');
    return this.run(reservationId, { type: 'CancelReservation', data: { at: this.now() } }, requestMetadata(principal));
  }

  async reportUse(partyIds: readonly string[], reservationId: string, metadata: EventMetadata, tx?: SqlExecutor) {
    await this.visibleState(partyIds, reservationId, 'cpo', tx);
    return this.run(
      reservationId,
      { type: 'RecordReservationUse', data: { at: this.now(), authorizationId: null, source: 'cpo' } },
      metadata,
      tx,
    );
  }

  async run(reservationId: string, command: ReservationCommand, metadata: EventMetadata, tx?: SqlExecutor) {
    const { state } = await handleCommand(this.store, reservationStream(reservationId), reservationDecider, command, {
      metadata,
      tx,
    });
    return viewOf(state);
  }

  now(): string {
    return this.clock.now().toISOString();
  }

  private async visibleState(
    partyIds: readonly string[],
    reservationId: string,
    as: 'cpo' | 'emsp' | 'either',
    tx?: SqlExecutor,
  ): Promise<ReservationState> {
    const { state } = await loadState(this.store, reservationStream(reservationId), reservationDecider, tx);
    const visible =
      state.status !== 'NONE' &&
      ((as !== 'emsp' && partyIds.includes(state.cpoPartyId)) ||
        (as !== 'cpo' && partyIds.includes(state.emspPartyId)));
    if (!visible)
      throw DomainError.notFound('RESERVATION_NOT_FOUND', `no reservation ${reservationId} of yours`, {
        reservationId,
      });
    return state;
  }
}

function parseFee(input: unknown): Fee {
  const money = Money.fromJSON(input);
  if (money.amount.isNegative()) {
    throw DomainError.validation('FEE_INVALID', 'a reservation fee must not be negative', {
      field: 'fee.amount',
      rule: 'non-negative',
    });
  }
  return { amount: money.amount.toString(), currency: money.currency };
}

export function viewOf(state: ReservationState): ReservationView {
  if (state.status === 'NONE') throw new Error('a reservation command left no reservation');
  return {
    reservationId: state.reservationId,
    status: state.status,
    evseId: state.evseId,
    cpoPartyId: state.cpoPartyId,
    emspPartyId: state.emspPartyId,
    emaid: state.emaid,
    reserveUntil: state.reserveUntil,
    respondBy: state.respondBy,
    reason: state.reason,
    fee: state.fee,
  };
}
