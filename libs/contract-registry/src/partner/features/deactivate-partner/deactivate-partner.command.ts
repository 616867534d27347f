import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../../shared/request-context';
import type { PartnerStatusView } from '../partner.view';

export class DeactivatePartnerCommand extends Command<PartnerStatusView> {
  constructor(
    readonly partnerId: string,
    readonly reason: string | null,
    readonly context: RequestContext,
  ) {
    super();
  }
}
