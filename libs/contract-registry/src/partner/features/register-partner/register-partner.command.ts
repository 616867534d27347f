import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../../shared/request-context';
import type { PartnerSummaryView } from '../partner.view';

export class RegisterPartnerCommand extends Command<PartnerSummaryView> {
  constructor(
    readonly request: { name: string; roles: string[]; partyIds: string[]; partnerContractVersion: string },
    readonly context: RequestContext,
  ) {
    super();
  }
}
