import { Query } from '@nestjs/cqrs';
import type { PartnerListFilter, PartnerPage } from '../../projections/partner-list/partner-list.reader';

export class ListPartnersQuery extends Query<PartnerPage> {
  constructor(readonly filter: PartnerListFilter) {
    super();
  }
}
