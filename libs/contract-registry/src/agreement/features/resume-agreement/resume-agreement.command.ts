import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../../shared/request-context';
import type { AgreementView } from '../agreement.view';

export class ResumeAgreementCommand extends Command<AgreementView> {
  constructor(
    readonly agreementId: string,
    readonly context: RequestContext,
  ) {
    super();
  }
}
