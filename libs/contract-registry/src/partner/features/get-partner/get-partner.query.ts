import { Query } from '@nestjs/cqrs';
import type { PartnerDetailView } from '../partner.view';

export class GetPartnerQuery extends Query<PartnerDetailView> {
  constructor(readonly partnerId: string) {
    super();
  }
}
