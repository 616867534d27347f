import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../../shared/request-context';
import type { EndpointsInput } from '../../domain/partner-endpoints';
import type { PartnerSummaryView } from '../partner.view';

export class RegisterPartnerCommand extends Command<PartnerSummaryView> {
  constructor(
    readonly request: {
      name: string;
      roles: string[];
      partyIds: string[];
      partnerContractVersion: string;
      endpoints?: EndpointsInput;
      roamingPartners?: string[];
    },
    readonly context: RequestContext,
  ) {
    super();
  }
}
