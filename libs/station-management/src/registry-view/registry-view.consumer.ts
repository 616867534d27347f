import { Injectable, Logger } from '@nestjs/common';
import { IntegrationMessageError, parseIntegrationMessage } from '@roaming/contracts';
import type { InboundMessage, MessageHandlerContext } from '@roaming/messaging';
import { registryChange } from './registry-view.changes';
import { RegistryViewRepository } from './registry-view.repository';

/** Consumer group of the registry view (also its de-duplication scope). */
export const REGISTRY_VIEW_GROUP = 'station-management.registry-view';

/**
 * Keeps this context's registry view in step with `contract-registry.events.v1`; the change is written in the
 * transaction that claims the message id, so a redelivered message changes nothing.
 */
@Injectable()
export class RegistryViewConsumer {
  private readonly logger = new Logger(RegistryViewConsumer.name);

  constructor(private readonly view: RegistryViewRepository) {}

  readonly handle = async (message: InboundMessage, { tx }: MessageHandlerContext): Promise<void> => {
    const body = parseIntegrationMessage(message.rawValue);
    const change = registryChange(body);
    if (!change) return;
    const occurredAt = Date.parse(body.occurredAt);
    if (Number.isNaN(occurredAt)) throw new IntegrationMessageError(`${body.type}: occurredAt is not an instant`);
    await this.view.apply(tx, change, new Date(occurredAt).toISOString());
    this.logger.debug(`applied ${change.kind} from ${message.topic}@${message.offset}`);
  };
}
