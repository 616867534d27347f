import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventStore, handleCommand } from '@roaming/event-store';
import { Clock } from '@roaming/shared-kernel';
import { eventMetadata } from '../../../shared/request-context';
import { partnerDecider } from '../../domain/partner.decider';
import { partnerStream } from '../../domain/partner.stream';
import { PartnerProjections } from '../../projections/partner-projections';
import type { PartnerStatusView } from '../partner.view';
import { ReactivatePartnerCommand } from './reactivate-partner.command';

/** Lifts a suspension (GeM UC 1379): the partner's unrevoked keys work again once this answers. */
@CommandHandler(ReactivatePartnerCommand)
export class ReactivatePartnerHandler implements ICommandHandler<ReactivatePartnerCommand, PartnerStatusView> {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly projections: PartnerProjections,
  ) {}

  async execute({ partnerId, context }: ReactivatePartnerCommand): Promise<PartnerStatusView> {
    const stream = partnerStream(partnerId);
    const { state } = await handleCommand(
      this.store,
      stream,
      partnerDecider,
      { type: 'ReactivatePartner', data: { partnerId, at: this.clock.now().toISOString() } },
      { metadata: eventMetadata(context, context.principal.partnerId) },
    );
    await this.projections.waitForStream(stream);
    return { status: state.kind === 'registered' ? state.status : 'active' };
  }
}
