import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventStore, handleCommand } from '@roaming/event-store';
import { Clock } from '@roaming/shared-kernel';
import { eventMetadata } from '../../../shared/request-context';
import { partnerDecider } from '../../domain/partner.decider';
import { partnerStream } from '../../domain/partner.stream';
import { PartnerProjections } from '../../projections/partner-projections';
import { RevokeCredentialCommand } from './revoke-credential.command';

/** Revokes one key for good; revoking it again changes nothing. Answers once the key no longer authenticates. */
@CommandHandler(RevokeCredentialCommand)
export class RevokeCredentialHandler implements ICommandHandler<RevokeCredentialCommand, void> {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly projections: PartnerProjections,
  ) {}

  async execute({ partnerId, keyId, context }: RevokeCredentialCommand): Promise<void> {
    const stream = partnerStream(partnerId);
    await handleCommand(
      this.store,
      stream,
      partnerDecider,
      { type: 'RevokePartnerCredential', data: { partnerId, keyId, at: this.clock.now().toISOString() } },
      { metadata: eventMetadata(context, context.principal.partnerId) },
    );
    await this.projections.waitForStream(stream);
  }
}
