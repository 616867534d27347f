import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@roaming/shared-kernel';
import { eventMetadata } from '../../../shared/request-context';
import { actingSide, assertIsAgreementEmsp } from '../agreement-access';
import { type AgreementView, toAgreementView } from '../agreement.view';
import { AgreementWriter } from '../agreement-writer';
import { AcceptAgreementCommand } from './accept-agreement.command';

/**
 * The EVSP accepts the offer and the agreement is in force (GeM UC 1485: a contract exists once the offering is
 * accepted). Accepting an accepted agreement again changes nothing.
 */
@CommandHandler(AcceptAgreementCommand)
export class AcceptAgreementHandler implements ICommandHandler<AcceptAgreementCommand, AgreementView> {
  constructor(
    private readonly writer: AgreementWriter,
    private readonly clock: Clock,
  ) {}

  async execute({ agreementId, context }: AcceptAgreementCommand): Promise<AgreementView> {
    const at = this.clock.now().toISOString();
    const agreement = await this.writer.execute(agreementId, (state) => {
      assertIsAgreementEmsp(state, agreementId, context.principal);
      const { partyId } = actingSide(state, agreementId, context.principal, 'emsp');
      return {
        command: { type: 'AcceptRoamingAgreement', data: { agreementId, at } },
        metadata: eventMetadata(context, partyId),
      };
    });
    return toAgreementView(agreement);
  }
}
