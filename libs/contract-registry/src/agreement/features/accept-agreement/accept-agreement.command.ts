import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../../shared/request-context';
import type { AgreementStatus } from '../../domain/agreement.state';

export class AcceptAgreementCommand extends Command<{ status: AgreementStatus }> {
  constructor(
    readonly agreementId: string,
    readonly context: RequestContext,
  ) {
    super();
  }
}
