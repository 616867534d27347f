import { Injectable } from '@nestjs/common';
import type { InboundCdrAckV1 } from '@roaming/contracts';
import { HEADER, type InboundMessage, type MessageHandlerContext } from '@roaming/messaging';
import { PartyId } from '@roaming/shared-kernel';
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
 * The Kafka door for acknowledgements (`b2b.cdr-acks.inbound.v1`): the key is the EVSP's party id (trusted as on
 * the CDR intake: Kafka ACLs on the producer side), the body { cpoPartyId, cdrId }. What it cannot accept (no key,
 * malformed body, a record not forwarded to that EVSP) throws, so the platform consumer retries and then parks it
 * on the dead-letter topic; the partition never stalls.
 */
@Injectable()
export class CdrAckConsumer {
  constructor(private readonly acknowledge: AcknowledgeCdrHandler) {}

  readonly handle = async (message: InboundMessage, { tx }: MessageHandlerContext): Promise<void> => {
    if (!message.key || !PartyId.isValid(message.key)) {
      throw new CdrAckRefusedError('the message key must be the party id of the acknowledging EVSP');
    }
    const emsp = PartyId.parse(message.key).value;
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
