import { Injectable, Logger } from '@nestjs/common';
import { parseIntegrationMessage, TOPICS } from '@roaming/contracts';
import { type InboundMessage, MessageBus, type MessageHandlerContext, type Subscription } from '@roaming/messaging';
import { CachedCredentialDirectory } from '../credentials/cached-credential-directory';
import { registryViewChange, type RegistryViewChange } from './registry-view.changes';
import { RegistryViewRepository } from './registry-view.repository';

export const REGISTRY_VIEW_CONSUMER_GROUP = 'authorization.registry-view';

/**
 * Keeps the registry view in step with the contract registry's topic. The bus claims each message id in the
 * transaction it hands over, and the change is written in that same transaction: a redelivered message changes
 * nothing, and a crash leaves neither the change nor the claim.
 */
@Injectable()
export class RegistryViewConsumer {
  private readonly logger = new Logger(RegistryViewConsumer.name);
  private subscription?: Subscription;

  constructor(
    private readonly bus: MessageBus,
    private readonly view: RegistryViewRepository,
    private readonly credentials: CachedCredentialDirectory,
  ) {}

  async start(): Promise<void> {
    if (this.subscription) return;
    this.subscription = await this.bus.subscribe({
      groupId: REGISTRY_VIEW_CONSUMER_GROUP,
      topics: [TOPICS.contractRegistryEvents],
      handler: (message, context) => this.handle(message, context),
    });
  }

  async stop(): Promise<void> {
    const subscription = this.subscription;
    this.subscription = undefined;
    await subscription?.close();
  }

  async handle(message: InboundMessage, { tx }: MessageHandlerContext): Promise<void> {
    const change = registryViewChange(parseIntegrationMessage(message.rawValue));
    if (!change) return;
    await this.view.apply(tx, change);
    // Once committed, authentication here must see it: a revoked key or a suspended partner is refused at once.
    if (changesCredentials(change)) tx.afterCommit?.(() => this.credentials.invalidate());
    this.logger.debug(`applied ${change.kind} from ${message.topic}@${message.offset}`);
  }
}

function changesCredentials(change: RegistryViewChange): boolean {
  return (
    change.kind === 'credentialIssued' || change.kind === 'credentialRevoked' || change.kind === 'partnerStatusChanged'
  );
}
