import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { EventStore, loadState } from '@roaming/event-store';
import { partnerDecider } from '../../domain/partner.decider';
import { PartnerErrors } from '../../domain/partner.errors';
import { partnerStream } from '../../domain/partner.stream';
import { type PartnerDetailView, toPartnerDetail } from '../partner.view';
import { GetPartnerQuery } from './get-partner.query';

/** Reads the partner from its stream: always current, and it carries the key list the list projection leaves out. */
@QueryHandler(GetPartnerQuery)
export class GetPartnerHandler implements IQueryHandler<GetPartnerQuery, PartnerDetailView> {
  constructor(private readonly store: EventStore) {}

  async execute({ partnerId }: GetPartnerQuery): Promise<PartnerDetailView> {
    const { state } = await loadState(this.store, partnerStream(partnerId), partnerDecider);
    if (state.kind !== 'registered') throw PartnerErrors.notFound(partnerId);
    return toPartnerDetail(state);
  }
}
