import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@roaming/shared-kernel';
import { actAsParty } from '../agreement-action';
import { type AgreementView, toAgreementView } from '../agreement.view';
import { AgreementWriter } from '../agreement-writer';
import { SuspendAgreementCommand } from './suspend-agreement.command';

/**
 * A party suspends the agreement (GeM 1469, UC 1490): it "remains still valid" but no roaming authorization uses it
 * until the same party resumes it. Suspending a suspended agreement changes nothing.
 */
@CommandHandler(SuspendAgreementCommand)
export class SuspendAgreementHandler implements ICommandHandler<SuspendAgreementCommand, AgreementView> {
  constructor(
    private readonly writer: AgreementWriter,
    private readonly clock: Clock,
  ) {}

  async execute({ agreementId, reason, context }: SuspendAgreementCommand): Promise<AgreementView> {
    const at = this.clock.now().toISOString();
    const agreement = await actAsParty(
      this.writer,
      agreementId,
      context,
      () => undefined,
      (by) => ({ type: 'SuspendRoamingAgreement', data: { agreementId, by, reason, at } }),
    );
    return toAgreementView(agreement);
  }
}
