import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../../shared/request-context';
import type { AgreementView } from '../agreement.view';

export class OfferAgreementCommand extends Command<AgreementView> {
  constructor(
    readonly request: {
      cpoPartyId: string;
      emspPartyId: string;
      validFrom: string;
      validUntil?: string;
      tariffId?: string;
      timeoutPolicy?: 'deny' | 'allow-offline';
    },
    readonly context: RequestContext,
  ) {
    super();
  }
}
