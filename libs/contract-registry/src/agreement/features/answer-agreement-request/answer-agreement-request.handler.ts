import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@roaming/shared-kernel';
import { actAsParty, answeringSide } from '../agreement-action';
import { type AgreementView, toAgreementView } from '../agreement.view';
import { AgreementWriter } from '../agreement-writer';
import { AnswerAgreementRequestCommand } from './answer-agreement-request.command';

/**
 * The other party accepts or declines a pending request (GeM UC 1247 confirm change, UC 1481 confirm termination).
 * Accepting changes the agreement: new end or tariff (the pair's period is re-checked against its other
 * agreements), or the agreement ends now. Declining leaves it as it was. Both are history entries.
 */
@CommandHandler(AnswerAgreementRequestCommand)
export class AnswerAgreementRequestHandler implements ICommandHandler<AnswerAgreementRequestCommand, AgreementView> {
  constructor(
    private readonly writer: AgreementWriter,
    private readonly clock: Clock,
  ) {}

  async execute({
    agreementId,
    requestId,
    answer,
    reason,
    context,
  }: AnswerAgreementRequestCommand): Promise<AgreementView> {
    const at = this.clock.now().toISOString();
    const agreement = await actAsParty(this.writer, agreementId, context, answeringSide, (by) =>
      answer === 'accept'
        ? { type: 'AcceptAgreementRequest', data: { agreementId, requestId, by, at } }
        : { type: 'DeclineAgreementRequest', data: { agreementId, requestId, by, reason, at } },
    );
    return toAgreementView(agreement);
  }
}
