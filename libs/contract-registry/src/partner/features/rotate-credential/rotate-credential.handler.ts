import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventStore, handleCommand } from '@roaming/event-store';
import { generateApiKey } from '@roaming/platform';
import { Clock } from '@roaming/shared-kernel';
import { eventMetadata } from '../../../shared/request-context';
import { partnerDecider } from '../../domain/partner.decider';
import { partnerStream } from '../../domain/partner.stream';
import { PartnerProjections } from '../../projections/partner-projections';
import { RotateCredentialCommand, type RotatedCredentialView } from './rotate-credential.command';

/**
 * Rotates an API key: a new key is issued and the old one revoked in one append (OCPI's credentials "rotate"), so the
 * partner switches over without a moment in between. The new key is in the answer only; once this answers, it works
 * and the old one is refused.
 */
@CommandHandler(RotateCredentialCommand)
export class RotateCredentialHandler implements ICommandHandler<RotateCredentialCommand, RotatedCredentialView> {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly projections: PartnerProjections,
  ) {}

  async execute({ partnerId, keyId, context }: RotateCredentialCommand): Promise<RotatedCredentialView> {
    const { key, keyId: newKeyId, keyHash, signingPublicKey } = generateApiKey();
    const stream = partnerStream(partnerId);
    const { newEvents } = await handleCommand(
      this.store,
      stream,
      partnerDecider,
      {
        type: 'RotatePartnerCredential',
        data: {
          partnerId,
          oldKeyId: keyId,
          newKeyId,
          newKeyHash: keyHash,
          newSigningPublicKey: signingPublicKey,
          at: this.clock.now().toISOString(),
        },
      },
      { metadata: eventMetadata(context, context.principal.partnerId) },
    );
    const issued = newEvents.find((e) => e.type === 'PartnerCredentialIssued');
    if (!issued) throw new Error(`no credential issued for partner ${partnerId}`);
    await this.projections.waitForStream(stream);
    return {
      keyId: newKeyId,
      apiKey: key,
      partnerId,
      roles: issued.data.roles,
      partyIds: issued.data.partyIds,
      revokedKeyId: keyId,
    };
  }
}
