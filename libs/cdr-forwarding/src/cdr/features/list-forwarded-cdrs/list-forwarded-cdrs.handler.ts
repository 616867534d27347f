import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { CdrPageV1 } from '@roaming/contracts';
import { ForwardedCdrsQueries } from '../../projections/forwarded-cdrs/forwarded-cdrs.queries';
import { ListForwardedCdrsQuery } from './list-forwarded-cdrs.query';

@QueryHandler(ListForwardedCdrsQuery)
export class ListForwardedCdrsHandler implements IQueryHandler<ListForwardedCdrsQuery> {
  constructor(private readonly forwardedCdrs: ForwardedCdrsQueries) {}

  execute({ emspPartyIds, limit, cursor }: ListForwardedCdrsQuery): Promise<CdrPageV1> {
    return this.forwardedCdrs.list(emspPartyIds, limit, cursor);
  }
}
