import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { CdrDetailsV1 } from '@roaming/contracts';
import { EventStore, loadState } from '@roaming/event-store';
import type { Principal } from '@roaming/platform';
import { DomainError, PartyId } from '@roaming/shared-kernel';
import { cdrDecider, type CdrState, cdrStream } from '../../domain';
import { toCdrV1 } from '../../../integration/cdr-forwarding.to-integration';
import { cdrDeliveryDecider, cdrDeliveryStream, deliveredByTopic } from '../../../delivery/domain';
import { cdrReconciliationDecider, cdrReconciliationStream } from '../../../reconciliation/domain';
import { GetCdrQuery } from './get-cdr.query';

/**
 * Reads the CDR's own stream rather than a projection: the answer reflects the submission the moment it was
 * accepted (a CPO checking right after POST or after a Kafka send sees it). Who may not see it gets 404, not 403,
 * so that the existence of another party's CDR is not disclosed.
 */
@QueryHandler(GetCdrQuery)
export class GetCdrHandler implements IQueryHandler<GetCdrQuery> {
  constructor(private readonly store: EventStore) {}

  async execute({ cpoPartyId, cdrId, caller }: GetCdrQuery): Promise<CdrDetailsV1> {
    const cpo = PartyId.parse(cpoPartyId, 'cpoPartyId').value;
    const { state } = await loadState(this.store, cdrStream(cpo, cdrId), cdrDecider);
    if (!isVisible(state, caller)) {
      throw DomainError.notFound('CDR_NOT_FOUND', `No CDR ${cdrId} of ${cpo} is visible to the caller`, { cdrId });
    }
    const details = toDetails(state);
    if (state.status !== 'forwarded') return details;
    return { ...details, ...(await this.followUp(state)) };
  }

  /** What happened after forwarding: the delivery to the EVSP (and its acknowledgement), the reconciliation. */
  private async followUp(
    forwarded: Extract<CdrState, { status: 'forwarded' }>,
  ): Promise<Pick<CdrDetailsV1, 'delivery' | 'reconciliation'>> {
    const { cdrId, cpoPartyId: cpo } = forwarded.cdr;
    const [{ state: queued }, { state: reconciliation }] = await Promise.all([
      loadState(this.store, cdrDeliveryStream(cpo, cdrId), cdrDeliveryDecider),
      loadState(this.store, cdrReconciliationStream(cpo, cdrId), cdrReconciliationDecider),
    ]);
    // A record routed to the EVSP's topic has no delivery stream until it is acknowledged.
    const delivery =
      queued.status === 'none' && forwarded.deliveryChannel === 'TOPIC'
        ? deliveredByTopic({ cdrId, cpoPartyId: cpo, emspPartyId: forwarded.emspPartyId }, forwarded.forwardedAt)
        : queued;
    return {
      delivery:
        delivery.status === 'none'
          ? null
          : {
              channel: delivery.channel,
              state: delivery.status,
              attempts: delivery.attempts,
              deliveredAt: delivery.deliveredAt,
              acknowledgedAt: delivery.acknowledgedAt,
            },
      // No reconciliation stream yet: nobody has said anything about the forwarded record, which is OPEN.
      reconciliation:
        reconciliation.status === 'none'
          ? { state: 'OPEN', reasonCode: null, reason: null, revisionCdrId: null }
          : {
              state: reconciliation.status,
              reasonCode: reconciliation.reasonCode,
              reason: reconciliation.reason,
              revisionCdrId: reconciliation.revisionCdrId,
            },
    };
  }
}

type DecidedState = Extract<CdrState, { status: 'forwarded' | 'rejected' }>;

function isVisible(state: CdrState, caller: Principal): state is DecidedState {
  if (state.status !== 'forwarded' && state.status !== 'rejected') return false;
  const sender = caller.roles.includes('cpo') && caller.partyIds.includes(state.cdr.cpoPartyId);
  const receiver =
    state.status === 'forwarded' && caller.roles.includes('emsp') && caller.partyIds.includes(state.emspPartyId);
  return sender || receiver;
}

function toDetails(state: DecidedState): CdrDetailsV1 {
  if (state.status === 'forwarded') {
    return {
      ...toCdrV1(state.cdr, state.emspPartyId, {
        authorizationMode: state.authorizationMode,
        timeZone: state.timeZone,
        receivedAt: state.receivedAt,
        priceCheck: state.priceCheck,
      }),
      status: 'FORWARDED',
      receivedAt: state.receivedAt,
      forwardedAt: state.forwardedAt,
      rejection: null,
    };
  }
  return {
    ...toCdrV1(state.cdr, state.emspPartyId, { receivedAt: state.receivedAt }),
    status: 'REJECTED',
    receivedAt: state.receivedAt,
    forwardedAt: null,
    rejection: {
      code: state.code,
      reason: state.reason,
      rejectedAt: state.rejectedAt,
      violations: state.violations.map((v) => ({ code: v.code, field: v.field, reason: v.reason })),
    },
  };
}
