import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@roaming/shared-kernel';
import { actAsParty } from '../agreement-action';
import { type AgreementView, toAgreementView } from '../agreement.view';
import { AgreementWriter } from '../agreement-writer';
import { WithdrawAgreementRequestCommand } from './withdraw-agreement-request.command';

/** The requester takes back a request the other party has not answered yet (GeM 931 note). */
@CommandHandler(WithdrawAgreementRequestCommand)
export class WithdrawAgreementRequestHandler implements ICommandHandler<
  WithdrawAgreementRequestCommand,
  AgreementView
> {
  constructor(
    private readonly writer: AgreementWriter,
    private readonly clock: Clock,
  ) {}

  async execute({ agreementId, requestId, context }: WithdrawAgreementRequestCommand): Promise<AgreementView> {
    const at = this.clock.now().toISOString();
    const agreement = await actAsParty(
      this.writer,
      agreementId,
      context,
      (current) => current.pendingRequest?.requestedBy,
      (by) => ({ type: 'WithdrawAgreementRequest', data: { agreementId, requestId, by, at } }),
    );
    return toAgreementView(agreement);
  }
}
