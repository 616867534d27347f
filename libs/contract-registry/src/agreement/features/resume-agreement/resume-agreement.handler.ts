import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@roaming/shared-kernel';
import { actAsParty } from '../agreement-action';
import { type AgreementView, toAgreementView } from '../agreement.view';
import { AgreementWriter } from '../agreement-writer';
import { ResumeAgreementCommand } from './resume-agreement.command';

/** The party that suspended the agreement resumes it (GeM 1469: only the suspending party); idempotent. */
@CommandHandler(ResumeAgreementCommand)
export class ResumeAgreementHandler implements ICommandHandler<ResumeAgreementCommand, AgreementView> {
  constructor(
    private readonly writer: AgreementWriter,
    private readonly clock: Clock,
  ) {}

  async execute({ agreementId, context }: ResumeAgreementCommand): Promise<AgreementView> {
    const at = this.clock.now().toISOString();
    const agreement = await actAsParty(
      this.writer,
      agreementId,
      context,
      (current) => current.suspendedBy ?? undefined,
      (by) => ({ type: 'ResumeRoamingAgreement', data: { agreementId, by, at } }),
    );
    return toAgreementView(agreement);
  }
}
