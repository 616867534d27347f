import { Injectable, Logger } from '@nestjs/common';
import {
  type BatchHandlerContext,
  HEADER,
  type InboundMessage,
  type MessageHandlerContext,
  MessageRejectedError,
} from '@roaming/messaging';
import { PartnerMessageAuthenticator } from '@roaming/platform';
import { validateInboundCdr } from '../cdr/features/receive-cdr/inbound-cdr.validation';
import { type IntakeItem, ReceiveCdrHandler } from '../cdr/features/receive-cdr/receive-cdr.handler';
import { RegistryLookup } from '../registry-view/registry-lookup';

/** Consumer group of the Kafka CDR intake (also its de-duplication scope). */
export const CDR_INTAKE_GROUP = 'cdr-forwarding.inbound';
/** Records per consumer transaction on the Kafka door. */
export const CDR_INTAKE_BATCH_SIZE = 500;

export class CdrIntakeRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CdrIntakeRefusedError';
  }
}

/**
 * The Kafka door for CDRs (`b2b.cdrs.inbound.v1`; GeM 984 "the CDR is sent from the EVSE operator backend to the
 * clearing house"), on the platform's batch consumer: the new messages of a batch are decided in ONE transaction
 * (their de-duplication rows, events and accepted-records index commit together). The producer proves who it is:
 * each message is signed with its API key (PartnerMessageAuthenticator: a `cpo` key whose party ids hold the
 * message key, the CPO party id; the directory is read once per key id of the batch). What it cannot accept (an
 * unauthenticated message, with its code: UNAUTHENTICATED, PARTNER_SUSPENDED, ROLE_REQUIRED, PARTY_NOT_OWNED; a key
 * no registered CPO holds, malformed JSON, an invalid record, an EVSE of another operator, a changed duplicate of a
 * forwarded record) is rejected, writing nothing for it: dead-lettered on
 * `b2b.cdrs.inbound.v1.dlq` with the reason, never blocking the partition. A record refused on business grounds is
 * recorded and published as CdrRejected with every violation on the CPO's outbound topic, its receipt; a forwarded
 * one reaches the EVSP's outbound topic.
 */
@Injectable()
export class CdrIntakeConsumer {
  private readonly logger = new Logger(CdrIntakeConsumer.name);

  constructor(
    private readonly authenticator: PartnerMessageAuthenticator,
    private readonly registry: RegistryLookup,
    // The handler itself, not the CommandBus: the bus learns its handlers only when the application has booted,
    // and a Kafka message may arrive the moment this consumer subscribes.
    private readonly receiveCdr: ReceiveCdrHandler,
  ) {}

  /** One message alone (the platform's one-message path uses the batch handler with a batch of one). */
  readonly handle = async (message: InboundMessage, { tx }: MessageHandlerContext): Promise<void> => {
    let rejection: string | undefined;
    await this.handleBatch([message], { tx, reject: (_m, reason) => (rejection ??= reason) });
    if (rejection !== undefined) throw new MessageRejectedError(rejection);
  };

  readonly handleBatch = async (messages: readonly InboundMessage[], context: BatchHandlerContext): Promise<void> => {
    const { tx } = context;
    const partners = new Map<string, Awaited<ReturnType<RegistryLookup['cpoPartner']>>>();
    const accepted: { message: InboundMessage; item: Extract<IntakeItem, { ok: true }> }[] = [];
    const refusals: { item: IntakeItem; submitterPartyIds: readonly string[]; messageId?: string }[] = [];
    // Before anything is read from a message: an unauthenticated one writes nothing, not even a receipt. The
    // signatures of the batch are checked side by side off the event loop (Ed25519 costs ~0.1 ms each).
    const senders = await this.authenticator.batch({ roles: ['cpo'], tx }).authenticateAll(messages);
    for (const [index, message] of messages.entries()) {
      try {
        const sender = senders[index];
        if (sender instanceof Error) throw sender;
        const { partyId: cpoPartyId } = sender;
        if (!partners.has(cpoPartyId)) partners.set(cpoPartyId, await this.registry.cpoPartner(cpoPartyId, tx));
        const partner = partners.get(cpoPartyId);
        if (!partner || partner.status === 'deactivated') {
          throw new CdrIntakeRefusedError(`the message key ${cpoPartyId} is not the party id of a registered CPO`);
        }
        const submission = await validateInboundCdr(parseJson(message.rawValue));
        const item = this.receiveCdr.prepare(submission, partner.partyIds);
        if (!item.ok) {
          refusals.push({ item, submitterPartyIds: partner.partyIds, messageId: message.headers[HEADER.messageId] });
          context.reject(message, `${item.error.code}: ${item.error.message}`);
          continue;
        }
        accepted.push({ message, item: { ...item, causationId: message.headers[HEADER.messageId] } });
      } catch (error) {
        context.reject(message, error instanceof Error ? error.message : String(error));
      }
    }
    await this.receiveCdr.recordRefusals(refusals, tx);
    if (accepted.length === 0) return;
    const results = await this.receiveCdr.receiveMany(
      accepted.map((a) => a.item),
      { actor: 'kafka', channel: 'kafka', tx },
    );
    results.forEach((result, index) => {
      // A changed duplicate of a forwarded record: nothing was written for it; dead-letter it with the reason.
      if (result.status === 'CONFLICT') context.reject(accepted[index].message, result.error.message);
    });
    const rejected = results.filter((r) => r.status === 'REJECTED').length;
    if (rejected > 0) this.logger.log(`${rejected} of ${results.length} CDRs rejected (receipts on the CPOs' topics)`);
  };
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    throw new CdrIntakeRefusedError('the message body is not JSON');
  }
}
