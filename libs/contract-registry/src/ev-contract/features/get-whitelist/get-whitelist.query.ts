import { Query } from '@nestjs/cqrs';
import type { Principal } from '@roaming/platform';
import type { WhitelistPage } from '../../projections/whitelist/whitelist.reader';

export class GetWhitelistQuery extends Query<WhitelistPage> {
  constructor(
    readonly principal: Principal,
    readonly request: { cpoPartyId?: string; cursor?: string; since?: string; limit: number },
  ) {
    super();
  }
}
