import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../../shared/request-context';
import type { AgreementView } from '../agreement.view';

export class DeactivateAgreementCommand extends Command<AgreementView> {
  constructor(
    readonly agreementId: string,
    readonly reason: string | null,
    readonly context: RequestContext,
  ) {
    super();
  }
}
