import { Injectable } from '@nestjs/common';
import { parseIntegrationMessage, TOPICS } from '@roaming/contracts';
import { type InboundMessage, MessageBus, type MessageHandlerContext, type Subscription } from '@roaming/messaging';
import { partnerOverviewChange } from './partner-overview.changes';
import { PartnerOverviewRepository } from './partner-overview.repository';

export const PARTNER_OVERVIEW_GROUP = 'marketplace-admin.partner-overview';

/**
 * Learns the partners from the registry's topic (no context reads another's tables). Each change is written in the
 * transaction that claims the message id, so a redelivered message changes nothing.
 */
@Injectable()
export class PartnerOverviewConsumer {
  private subscription?: Subscription;

  constructor(
    private readonly bus: MessageBus,
    private readonly partners: PartnerOverviewRepository,
  ) {}

  async start(): Promise<void> {
    this.subscription ??= await this.bus.subscribe({
      groupId: PARTNER_OVERVIEW_GROUP,
      topics: [TOPICS.contractRegistryEvents],
      handler: (message, context) => this.handle(message, context),
    });
  }

  async stop(): Promise<void> {
    await this.subscription?.close();
    this.subscription = undefined;
  }

  async handle(message: InboundMessage, { tx }: MessageHandlerContext): Promise<void> {
    const change = partnerOverviewChange(parseIntegrationMessage(message.rawValue));
    if (change) await this.partners.apply(tx, change);
  }
}
