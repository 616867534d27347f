import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventStore, handleCommand } from '@roaming/event-store';
import { Clock } from '@roaming/shared-kernel';
import { eventMetadata } from '../../../shared/request-context';
import type { PartnerEndpoints } from '../../domain/partner-endpoints';
import { partnerDecider } from '../../domain/partner.decider';
import { partnerStream } from '../../domain/partner.stream';
import { SetPartnerEndpointsCommand } from './set-partner-endpoints.command';

/**
 * Sets where the hub reaches a partner: webhook, real-time authorization endpoint, command endpoint, and whether an
 * EVSP keeps its contracts here (IEC 63119 UC4-2 pre-distribution) or at home (UC4-1, asked in real time). Published
 * as PartnerEndpointsChanged so that the authorization context knows whom to ask.
 */
@CommandHandler(SetPartnerEndpointsCommand)
export class SetPartnerEndpointsHandler implements ICommandHandler<SetPartnerEndpointsCommand, PartnerEndpoints> {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
  ) {}

  async execute({ partnerId, endpoints, context }: SetPartnerEndpointsCommand): Promise<PartnerEndpoints> {
    const { state } = await handleCommand(
      this.store,
      partnerStream(partnerId),
      partnerDecider,
      { type: 'SetPartnerEndpoints', data: { partnerId, endpoints, at: this.clock.now().toISOString() } },
      { metadata: eventMetadata(context, context.principal.partnerId) },
    );
    if (state.kind !== 'registered') throw new Error(`partner ${partnerId} missing after its endpoints changed`);
    return { ...state.endpoints };
  }
}
