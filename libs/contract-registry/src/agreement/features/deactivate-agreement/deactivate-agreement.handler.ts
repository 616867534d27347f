import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@roaming/shared-kernel';
import { eventMetadata } from '../../../shared/request-context';
import { actingSide, visibleAgreement } from '../agreement-access';
import { type AgreementView, toAgreementView } from '../agreement.view';
import { AgreementWriter } from '../agreement-writer';
import { DeactivateAgreementCommand } from './deactivate-agreement.command';

/**
 * "Delete" an agreement (GeM UC 1513: "contracts cannot be deleted completely. They only should be deactivated in
 * order to prevent history data loss"). A party may deactivate what no longer binds the other one: an offer (the CPO
 * withdraws it, or the EVSP drops it), a declined, terminated or expired agreement. An agreement in force is ended by
 * the two-step termination; only the operator may deactivate it directly, which ends it at once.
 */
@CommandHandler(DeactivateAgreementCommand)
export class DeactivateAgreementHandler implements ICommandHandler<DeactivateAgreementCommand, AgreementView> {
  constructor(
    private readonly writer: AgreementWriter,
    private readonly clock: Clock,
  ) {}

  async execute({ agreementId, reason, context }: DeactivateAgreementCommand): Promise<AgreementView> {
    const at = this.clock.now().toISOString();
    const { principal } = context;
    const agreement = await this.writer.execute(agreementId, (state) => {
      if (principal.roles.includes('operator')) {
        visibleAgreement(state, agreementId, principal);
        return {
          command: { type: 'DeactivateRoamingAgreement', data: { agreementId, by: 'operator', reason, at } },
          metadata: eventMetadata(context, 'operator'),
        };
      }
      const { side, partyId } = actingSide(state, agreementId, principal);
      return {
        command: { type: 'DeactivateRoamingAgreement', data: { agreementId, by: side, reason, at } },
        metadata: eventMetadata(context, partyId),
      };
    });
    return toAgreementView(agreement);
  }
}
