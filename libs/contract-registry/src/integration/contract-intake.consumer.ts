import { Injectable } from '@nestjs/common';
import { CONTRACTS_INBOUND_TOPIC } from '@roaming/contracts';
import { HEADER, type InboundMessage, type MessageHandlerContext, MessageRejectedError } from '@roaming/messaging';
import { PartnerMessageAuthenticator } from '@roaming/platform';
import { CLEARING_HOUSE_NAMESPACE, Clock, DomainError, uuidV5 } from '@roaming/shared-kernel';
import { MAX_BATCH_CONTRACTS } from '../ev-contract/domain/contract-batch';
import { ContractBatchApplier } from '../ev-contract/features/upload-contract-batch/contract-batch.applier';
import { PartyDirectory } from '../partner/party-directory';

/** Consumer group of the Kafka contract intake (also its de-duplication scope). */
export const CONTRACT_INTAKE_GROUP = 'contract-registry.contracts-inbound';
export { CONTRACTS_INBOUND_TOPIC };

/**
 * The streaming door for contracts (`b2b.contracts.inbound.v1`; GeM 983 syncing "triggered from external systems
 * such as EVSP Backends"). The EVSP signs each message with its API key (PartnerMessageAuthenticator: an `emsp` key
 * whose party ids hold the message key, the EVSP party id; an unauthenticated message is parked at once with its
 * code: UNAUTHENTICATED, PARTNER_SUSPENDED, ROLE_REQUIRED, PARTY_NOT_OWNED); this consumer then checks that an
 * active EVSP partner holds the key in the registry. The body is a batch
 * with the same rules as POST /v1/contracts/batch, applied in the consumer's transaction next to its de-duplication
 * row; the batch id comes from the message id, so a redelivered message changes nothing. Anything it cannot accept
 * (no or unknown key, malformed JSON, any bad row) is rejected: the platform consumer parks it on
 * `b2b.contracts.inbound.v1.dlq` at once, with the reason (the bad rows) in its error header, and the partition moves
 * on. Only a lost race for the EVSP's contract book (ContractBookOrderError) is retried.
 */
@Injectable()
export class ContractIntakeConsumer {
  constructor(
    private readonly authenticator: PartnerMessageAuthenticator,
    private readonly parties: PartyDirectory,
    private readonly applier: ContractBatchApplier,
    private readonly clock: Clock,
  ) {}

  readonly handle = async (message: InboundMessage, { tx }: MessageHandlerContext): Promise<void> => {
    const { partyId: emspPartyId } = await this.authenticator.authenticate(message, { roles: ['emsp'], tx });
    const partner = await this.parties.findPartner(emspPartyId, tx);
    if (!partner || !partner.roles.includes('emsp') || partner.status !== 'active') {
      throw new MessageRejectedError(`the message key ${emspPartyId} is not the party id of an active EVSP`);
    }
    const contracts = contractsOf(message.rawValue);
    const messageId = message.headers[HEADER.messageId];
    try {
      await this.applier.apply({
        batchId: uuidV5(`${CONTRACTS_INBOUND_TOPIC}:${messageId}`, CLEARING_HOUSE_NAMESPACE),
        emspPartyId,
        source: 'kafka',
        rows: contracts,
        metadata: {
          correlationId: message.headers[HEADER.correlationId] ?? messageId,
          causationId: messageId,
          actor: emspPartyId,
          partnerId: partner.partnerId,
        },
        at: this.clock.now().toISOString(),
        tx,
      });
    } catch (error) {
      if (error instanceof DomainError) {
        // The reason travels on the dead letter: the code and, for a batch, every bad row.
        throw new MessageRejectedError(
          `${error.code}: ${error.message} ${JSON.stringify(error.details)}`.slice(0, 4000),
        );
      }
      throw error;
    }
  };
}

function contractsOf(raw: string): unknown[] {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    throw new MessageRejectedError('the message body is not JSON');
  }
  const contracts = (body as { contracts?: unknown } | null)?.contracts;
  if (!Array.isArray(contracts) || contracts.length === 0 || contracts.length > MAX_BATCH_CONTRACTS) {
    throw new MessageRejectedError(`the body must be { contracts: [...] } with 1 to ${MAX_BATCH_CONTRACTS} contracts`);
  }
  return contracts;
}
