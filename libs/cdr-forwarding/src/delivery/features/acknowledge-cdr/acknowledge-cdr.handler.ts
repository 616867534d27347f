import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventStore, handleCommand, type SqlExecutor } from '@roaming/event-store';
import { Clock, PartyId } from '@roaming/shared-kernel';
import { cdrDeliveryDecider, cdrDeliveryStream } from '../../domain';

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
    private readonly clock: Clock,
  ) {}

  async execute({ cpoPartyId, cdrId, emspPartyIds, context }: AcknowledgeCdrCommand): Promise<CdrAcknowledgementV1> {
    const cpo = PartyId.parse(cpoPartyId, 'cpoPartyId').value;
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
}
