import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../../shared/request-context';
import type { AgreementView } from '../agreement.view';

export class WithdrawAgreementRequestCommand extends Command<AgreementView> {
  constructor(
    readonly agreementId: string,
    readonly requestId: string,
    readonly context: RequestContext,
  ) {
    super();
  }
}
