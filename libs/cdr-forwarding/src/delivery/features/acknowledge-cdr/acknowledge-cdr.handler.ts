import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Database, EventStore, handleCommand, loadState, type SqlExecutor } from '@roaming/event-store';
import { Clock, PartyId } from '@roaming/shared-kernel';
import { cdrDecider, cdrStream } from '../../../cdr/domain';
import { cdrDeliveryDecider, cdrDeliveryStream } from '../../domain';
import { webhookUrlOf } from '../../webhook/cdr-webhook.dispatcher';

export interface CdrAcknowledgementV1 {
  cdrId: string;
  cpoPartyId: string;
  acknowledgedAt: string;
}

/** The EVSP acknowledges a record forwarded to it (REST or Kafka); idempotent: a repeat answers the first time. */
export class AcknowledgeCdrCommand {
  constructor(
    readonly cpoPartyId: string,
    readonly cdrId: string,
    /** The caller's EVSP party ids: only the EVSP the record went to may acknowledge it. */
    readonly emspPartyIds: readonly string[],
    readonly context: { actor: string; channel: 'rest' | 'kafka'; correlationId?: string; tx?: SqlExecutor },
  ) {}
}

@CommandHandler(AcknowledgeCdrCommand)
export class AcknowledgeCdrHandler implements ICommandHandler<AcknowledgeCdrCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  async execute({ cpoPartyId, cdrId, emspPartyIds, context }: AcknowledgeCdrCommand): Promise<CdrAcknowledgementV1> {
    const cpo = PartyId.parse(cpoPartyId, 'cpoPartyId').value;
    await this.queueIfForwarded(cpo, cdrId, emspPartyIds, context);
    const { state } = await handleCommand(
      this.store,
      cdrDeliveryStream(cpo, cdrId),
      cdrDeliveryDecider,
      {
        type: 'AcknowledgeCdr',
        data: { emspPartyIds, now: this.clock.now().toISOString(), channel: context.channel },
      },
      { tx: context.tx, metadata: { actor: context.actor, correlationId: context.correlationId }, retryOnConflict: 3 },
    );
    const acknowledgedAt = state.status === 'none' ? null : state.acknowledgedAt;
    return { cdrId, cpoPartyId: cpo, acknowledgedAt: acknowledgedAt ?? this.clock.now().toISOString() };
  }

  /**
   * A record the intake routed to the EVSP's topic has no delivery stream until it is acknowledged; and an EVSP may
   * acknowledge a webhook record it got on its topic before the delivery process manager queued it. Either way the
   * stream opens here, with the channel the intake chose (older records: as the process manager would choose it),
   * and the process manager, should it come later, finds the queue entry and decides nothing.
   */
  private async queueIfForwarded(
    cpo: string,
    cdrId: string,
    emspPartyIds: readonly string[],
    context: AcknowledgeCdrCommand['context'],
  ): Promise<void> {
    const stream = cdrDeliveryStream(cpo, cdrId);
    const { state } = await loadState(this.store, stream, cdrDeliveryDecider, context.tx);
    if (state.status !== 'none') return;
    const { state: record } = await loadState(this.store, cdrStream(cpo, cdrId), cdrDecider, context.tx);
    if (record.status !== 'forwarded' || !emspPartyIds.includes(record.emspPartyId)) return;
    const channel =
      record.deliveryChannel ?? ((await webhookUrlOf(context.tx ?? this.db, record.emspPartyId)) ? 'WEBHOOK' : 'TOPIC');
    await handleCommand(
      this.store,
      stream,
      cdrDeliveryDecider,
      {
        type: 'QueueCdrDelivery',
        data: {
          cdrId,
          cpoPartyId: cpo,
          emspPartyId: record.emspPartyId,
          channel,
          // A TOPIC record was queued and delivered when it was forwarded: its delivery keeps that time (review).
          now:
            channel === 'TOPIC' && record.deliveryChannel === 'TOPIC'
              ? record.forwardedAt
              : this.clock.now().toISOString(),
        },
      },
      { tx: context.tx, metadata: { actor: context.actor, correlationId: context.correlationId }, retryOnConflict: 3 },
    );
  }
}
