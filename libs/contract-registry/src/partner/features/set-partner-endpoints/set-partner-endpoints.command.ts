import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../../shared/request-context';
import type { EndpointsInput, PartnerEndpoints } from '../../domain/partner-endpoints';

export class SetPartnerEndpointsCommand extends Command<PartnerEndpoints> {
  constructor(
    readonly partnerId: string,
    readonly endpoints: EndpointsInput,
    readonly context: RequestContext,
  ) {
    super();
  }
}
