import { Injectable, Logger } from '@nestjs/common';
import { HEADER, type InboundMessage, type MessageHandlerContext } from '@roaming/messaging';
import { PartyId } from '@roaming/shared-kernel';
import { validateInboundCdr } from '../cdr/features/receive-cdr/inbound-cdr.validation';
import { ReceiveCdrCommand } from '../cdr/features/receive-cdr/receive-cdr.command';
import { ReceiveCdrHandler } from '../cdr/features/receive-cdr/receive-cdr.handler';
import { RegistryLookup } from '../registry-view/registry-lookup';

/** Consumer group of the Kafka CDR intake (also its de-duplication scope). */
export const CDR_INTAKE_GROUP = 'cdr-forwarding.inbound';

export class CdrIntakeRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CdrIntakeRefusedError';
  }
}

/**
 * The Kafka door for CDRs (`b2b.cdrs.inbound.v1`; GeM 984 "the CDR is sent from the EVSE operator backend to the
 * clearing house"). The producer's identity is the message key, a CPO party id: Kafka ACLs on the producer side
 * make it trustworthy, this consumer checks that a registered CPO holds it. Anything it cannot accept (no or unknown
 * key, malformed JSON, an invalid CDR, an EVSE of another operator, a changed duplicate) throws, so the platform
 * consumer retries it and then parks it on `b2b.cdrs.inbound.v1.dlq` with the error: the partition never stalls.
 * A CDR that is accepted but refused on business grounds is recorded and published as CdrRejected, like on REST.
 */
@Injectable()
export class CdrIntakeConsumer {
  private readonly logger = new Logger(CdrIntakeConsumer.name);

  constructor(
    private readonly registry: RegistryLookup,
    // The handler itself, not the CommandBus: the bus learns its handlers only when the application has booted,
    // and a Kafka message may arrive the moment this consumer subscribes.
    private readonly receiveCdr: ReceiveCdrHandler,
  ) {}

  readonly handle = async (message: InboundMessage, { tx }: MessageHandlerContext): Promise<void> => {
    if (!message.key || !PartyId.isValid(message.key)) {
      throw new CdrIntakeRefusedError('the message key must be the party id of the sending CPO');
    }
    const cpoPartyId = PartyId.parse(message.key).value;
    const partner = await this.registry.cpoPartner(cpoPartyId, tx);
    if (!partner || partner.status === 'deactivated') {
      throw new CdrIntakeRefusedError(`the message key ${cpoPartyId} is not the party id of a registered CPO`);
    }
    const submission = await validateInboundCdr(parseJson(message.rawValue));
    const messageId = message.headers[HEADER.messageId];
    const result = await this.receiveCdr.execute(
      new ReceiveCdrCommand(submission, partner.partyIds, {
        actor: partner.partnerId,
        channel: 'kafka',
        correlationId: message.headers[HEADER.correlationId] ?? messageId,
        causationId: messageId,
        tx,
      }),
    );
    if (result.status === 'REJECTED') {
      this.logger.log(`CDR ${result.cdrId} of ${result.cpoPartyId} rejected: ${result.code}`);
    }
  };
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    throw new CdrIntakeRefusedError('the message body is not JSON');
  }
}
