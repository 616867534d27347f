import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../../shared/request-context';
import type { AgreementRequestKind } from '../../domain/agreement.events';
import type { AgreementView } from '../agreement.view';

export class MakeAgreementRequestCommand extends Command<AgreementView> {
  constructor(
    readonly agreementId: string,
    readonly kind: AgreementRequestKind,
    /** undefined = unchanged, null = none (open-ended; back to the public tariff). */
    readonly terms: {
      validUntil?: string | null;
      tariffId?: string | null;
      timeoutPolicy?: 'deny' | 'allow-offline';
      reason?: string;
    },
    readonly context: RequestContext,
  ) {
    super();
  }
}
