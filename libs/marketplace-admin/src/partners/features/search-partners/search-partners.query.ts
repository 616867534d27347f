import { Query } from '@nestjs/cqrs';
import type { PartnerSearch, PartnerSearchPage } from '../../partner-overview.repository';

export class SearchPartnersQuery extends Query<PartnerSearchPage> {
  constructor(readonly search: PartnerSearch) {
    super();
  }
}
