import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventStore, handleCommand } from '@roaming/event-store';
import { Clock } from '@roaming/shared-kernel';
import { eventMetadata } from '../../../shared/request-context';
import { partnerDecider } from '../../domain/partner.decider';
import { partnerStream } from '../../domain/partner.stream';
import { PartnerProjections } from '../../projections/partner-projections';
import type { PartnerStatusView } from '../partner.view';
import { SuspendPartnerCommand } from './suspend-partner.command';

/**
 * Suspends a partner: every key of it is refused (PARTNER_SUSPENDED) until it is reactivated; its agreements and
 * contracts stay as they are (GeM 1469: a suspended contract remains valid). Answers once the keys are refused.
 */
@CommandHandler(SuspendPartnerCommand)
export class SuspendPartnerHandler implements ICommandHandler<SuspendPartnerCommand, PartnerStatusView> {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly projections: PartnerProjections,
  ) {}

  async execute({ partnerId, reason, context }: SuspendPartnerCommand): Promise<PartnerStatusView> {
    const stream = partnerStream(partnerId);
    const { state } = await handleCommand(
      this.store,
      stream,
      partnerDecider,
      { type: 'SuspendPartner', data: { partnerId, reason, at: this.clock.now().toISOString() } },
      { metadata: eventMetadata(context, context.principal.partnerId) },
    );
    await this.projections.waitForStream(stream);
    return { status: state.kind === 'registered' ? state.status : 'suspended' };
  }
}
