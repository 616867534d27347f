import { Injectable } from '@nestjs/common';
import type { InboundCdrAckV1 } from '@roaming/contracts';
import { HEADER, type InboundMessage, type MessageHandlerContext } from '@roaming/messaging';
import { PartnerMessageAuthenticator } from '@roaming/platform';
import { AcknowledgeCdrHandler } from '../features/acknowledge-cdr/acknowledge-cdr.handler';

/** Consumer group of the Kafka acknowledgement door (also its de-duplication scope). */
export const CDR_ACK_GROUP = 'cdr-forwarding.acks';

export class CdrAckRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CdrAckRefusedError';
  }
}

/**
 * The Kafka door for acknowledgements (`b2b.cdr-acks.inbound.v1`): the key is the EVSP's party id, the body
 * { cpoPartyId, cdrId }. The EVSP signs each message with its API key (PartnerMessageAuthenticator: an `emsp` key
 * whose party ids hold the message key); an unauthenticated one is parked on the dead-letter topic at once with its
 * code (UNAUTHENTICATED, PARTNER_SUSPENDED, ROLE_REQUIRED, PARTY_NOT_OWNED) and acknowledges nothing. What else it
 * cannot accept (malformed body, a record not forwarded to that EVSP) throws, so the platform consumer retries and
 * then parks it on the dead-letter topic; the partition never stalls.
 */
@Injectable()
export class CdrAckConsumer {
  constructor(
    private readonly authenticator: PartnerMessageAuthenticator,
    private readonly acknowledge: AcknowledgeCdrHandler,
  ) {}

  readonly handle = async (message: InboundMessage, { tx }: MessageHandlerContext): Promise<void> => {
    const { partyId: emsp } = await this.authenticator.authenticate(message, { roles: ['emsp'], tx });
    let body: Partial<InboundCdrAckV1>;
    try {
      body = JSON.parse(message.rawValue) as Partial<InboundCdrAckV1>;
    } catch {
      throw new CdrAckRefusedError('the message body is not JSON');
    }
    if (typeof body?.cpoPartyId !== 'string' || typeof body.cdrId !== 'string' || body.cdrId === '') {
      throw new CdrAckRefusedError('the body must be { cpoPartyId, cdrId }');
    }
    await this.acknowledge.execute({
      cpoPartyId: body.cpoPartyId,
      cdrId: body.cdrId,
      emspPartyIds: [emsp],
      context: {
        actor: `kafka:${emsp}`,
        channel: 'kafka',
        correlationId: message.headers[HEADER.correlationId] ?? message.headers[HEADER.messageId],
        tx,
      },
    });
  };
}
