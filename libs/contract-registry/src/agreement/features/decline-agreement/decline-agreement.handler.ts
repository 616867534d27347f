import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@roaming/shared-kernel';
import { eventMetadata } from '../../../shared/request-context';
import { actingSide, assertIsAgreementEmsp } from '../agreement-access';
import { type AgreementView, toAgreementView } from '../agreement.view';
import { AgreementWriter } from '../agreement-writer';
import { DeclineAgreementCommand } from './decline-agreement.command';

/**
 * The EVSP turns an offer down: the agreement never comes into force, its period is free again for the pair and it
 * no longer binds either partner. It stays readable with its history.
 */
@CommandHandler(DeclineAgreementCommand)
export class DeclineAgreementHandler implements ICommandHandler<DeclineAgreementCommand, AgreementView> {
  constructor(
    private readonly writer: AgreementWriter,
    private readonly clock: Clock,
  ) {}

  async execute({ agreementId, reason, context }: DeclineAgreementCommand): Promise<AgreementView> {
    const at = this.clock.now().toISOString();
    const agreement = await this.writer.execute(agreementId, (state) => {
      assertIsAgreementEmsp(state, agreementId, context.principal);
      const { partyId } = actingSide(state, agreementId, context.principal, 'emsp');
      return {
        command: { type: 'DeclineRoamingAgreement', data: { agreementId, reason, at } },
        metadata: eventMetadata(context, partyId),
      };
    });
    return toAgreementView(agreement);
  }
}
