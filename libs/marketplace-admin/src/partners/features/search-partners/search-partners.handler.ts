import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { PartnerOverviewRepository, type PartnerSearchPage } from '../../partner-overview.repository';
import { SearchPartnersQuery } from './search-partners.query';

@QueryHandler(SearchPartnersQuery)
export class SearchPartnersHandler implements IQueryHandler<SearchPartnersQuery, PartnerSearchPage> {
  constructor(private readonly partners: PartnerOverviewRepository) {}

  execute({ search }: SearchPartnersQuery): Promise<PartnerSearchPage> {
    return this.partners.search(search);
  }
}
