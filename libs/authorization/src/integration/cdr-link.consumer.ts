import { Injectable, Logger } from '@nestjs/common';
import { type CdrForwardedV1, parseIntegrationMessage, TOPICS } from '@roaming/contracts';
import { type InboundMessage, MessageBus, type MessageHandlerContext, type Subscription } from '@roaming/messaging';
import { Sessions } from '../session/application/sessions';
import { sessionIdOfAuthorization } from '../session/domain';

export const CDR_LINK_CONSUMER_GROUP = 'authorization.cdr-link';

/**
 * Closes the chain authorization → session → CDR (IEC 63119-2 UC3-9, eMI3 UC 200: "the SDR will be forwarded via
 * the MCH" that carried the authorization): a CDR the CDR context forwarded for an authorization is linked to that
 * authorization's session, in the same transaction as the consumer's de-duplication row. A CDR without an
 * authorization (an offline start) or for an authorization that never became a session has nothing to link to.
 */
@Injectable()
export class CdrLinkConsumer {
  private readonly logger = new Logger(CdrLinkConsumer.name);
  private subscription?: Subscription;

  constructor(
    private readonly bus: MessageBus,
    private readonly sessions: Sessions,
  ) {}

  async start(): Promise<void> {
    if (this.subscription) return;
    this.subscription = await this.bus.subscribe({
      groupId: CDR_LINK_CONSUMER_GROUP,
      topics: [TOPICS.cdrForwardingEvents],
      handler: (message, context) => this.handle(message, context),
    });
  }

  async stop(): Promise<void> {
    const subscription = this.subscription;
    this.subscription = undefined;
    await subscription?.close();
  }

  async handle(message: InboundMessage, { tx }: MessageHandlerContext): Promise<void> {
    const parsed = parseIntegrationMessage(message.rawValue);
    if (parsed.type !== 'CdrForwarded') return;
    const { cdrId, authorizationId } = (parsed as CdrForwardedV1).data;
    if (typeof authorizationId !== 'string' || typeof cdrId !== 'string') return;
    const { changed } = await this.sessions.execute(
      { type: 'LinkCdr', data: { sessionId: sessionIdOfAuthorization(authorizationId), cdrId } },
      { actor: 'cdr-forwarding', correlationId: message.headers['correlation-id'], tx },
    );
    if (changed) this.logger.debug(`CDR ${cdrId} linked to the session of authorization ${authorizationId}`);
  }
}
