import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../../shared/request-context';

export class DeclareRoamingPartnersCommand extends Command<{ roamingPartners: string[] }> {
  constructor(
    readonly partnerId: string,
    readonly roamingPartners: string[],
    readonly context: RequestContext,
  ) {
    super();
  }
}
