import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventStore, handleCommand } from '@roaming/event-store';
import { generateApiKey } from '@roaming/platform';
import { Clock } from '@roaming/shared-kernel';
import { eventMetadata } from '../../../shared/request-context';
import { partnerDecider } from '../../domain/partner.decider';
import { partnerStream } from '../../domain/partner.stream';
import { PartnerProjections } from '../../projections/partner-projections';
import { IssueCredentialCommand, type IssuedCredentialView } from './issue-credential.command';

/**
 * Issues an API key (GeM 1366 "provision of an access mechanism"). The event keeps the key id, the SHA-256 of the
 * key and the public key of its Kafka signing key pair; the key goes to the caller once. Idempotency-Key is not honoured here on purpose: a replay could not
 * show the first key again, so every call issues a new key (revoke the ones you lost).
 */
@CommandHandler(IssueCredentialCommand)
export class IssueCredentialHandler implements ICommandHandler<IssueCredentialCommand, IssuedCredentialView> {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly projections: PartnerProjections,
  ) {}

  async execute({ partnerId, context }: IssueCredentialCommand): Promise<IssuedCredentialView> {
    // The API key is at hand only now: derive the public half of its Kafka signing key pair while it is.
    const { key, keyId, keyHash, signingPublicKey } = generateApiKey();
    const stream = partnerStream(partnerId);
    const { newEvents } = await handleCommand(
      this.store,
      stream,
      partnerDecider,
      {
        type: 'IssuePartnerCredential',
        data: { partnerId, keyId, keyHash, signingPublicKey, at: this.clock.now().toISOString() },
      },
      { metadata: eventMetadata(context, context.principal.partnerId) },
    );
    const issued = newEvents.find((e) => e.type === 'PartnerCredentialIssued');
    if (!issued) throw new Error(`no credential issued for partner ${partnerId}`);
    // The key works once the registry's credential directory has it: wait for that before handing it out.
    await this.projections.waitForStream(stream);
    return { keyId, apiKey: key, partnerId, roles: issued.data.roles, partyIds: issued.data.partyIds };
  }
}
