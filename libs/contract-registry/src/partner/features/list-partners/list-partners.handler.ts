import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { type PartnerPage, PartnerListReader } from '../../projections/partner-list/partner-list.reader';
import { ListPartnersQuery } from './list-partners.query';

@QueryHandler(ListPartnersQuery)
export class ListPartnersHandler implements IQueryHandler<ListPartnersQuery, PartnerPage> {
  constructor(private readonly reader: PartnerListReader) {}

  execute({ filter }: ListPartnersQuery): Promise<PartnerPage> {
    return this.reader.page(filter);
  }
}
