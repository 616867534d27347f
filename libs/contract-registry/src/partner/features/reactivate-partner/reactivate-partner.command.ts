import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../../shared/request-context';
import type { PartnerStatusView } from '../partner.view';

export class ReactivatePartnerCommand extends Command<PartnerStatusView> {
  constructor(
    readonly partnerId: string,
    readonly context: RequestContext,
  ) {
    super();
  }
}
