import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { assertActsFor } from '@roaming/platform';
import { Clock, DomainError } from '@roaming/shared-kernel';
import { decodePosition, WhitelistReader, type WhitelistPage } from '../../projections/whitelist/whitelist.reader';
import { GetWhitelistQuery } from './get-whitelist.query';

/**
 * A CPO's whitelist for offline identification (IEC 63119 UC4-2: identification data pre-distributed to the CSO;
 * GeM 983 white list): the tokens of every EVSP it has an active roaming agreement with, as a full list or as the
 * changes since a position it kept (true deltas: a token blocked, stolen or no longer covered shows up as such).
 */
@QueryHandler(GetWhitelistQuery)
export class GetWhitelistHandler implements IQueryHandler<GetWhitelistQuery, WhitelistPage> {
  constructor(
    private readonly reader: WhitelistReader,
    private readonly clock: Clock,
  ) {}

  execute({ principal, request }: GetWhitelistQuery): Promise<WhitelistPage> {
    if (request.cursor !== undefined && request.since !== undefined) {
      throw DomainError.validation('WHITELIST_QUERY_INVALID', 'give cursor (full list) or since (delta), not both', {
        field: 'since',
        rule: 'cursor-or-since',
      });
    }
    const cpoPartyId = request.cpoPartyId ? assertActsFor(principal, request.cpoPartyId) : sole(principal.partyIds);
    const delta = request.since !== undefined;
    return this.reader.page({
      cpoPartyId,
      mode: delta ? 'delta' : 'full',
      after: delta ? decodePosition(request.since, 'since') : decodePosition(request.cursor, 'cursor'),
      limit: request.limit,
      now: this.clock.now().toISOString(),
    });
  }
}

function sole(partyIds: readonly string[]): string {
  if (partyIds.length !== 1) {
    throw DomainError.validation('CPO_PARTY_REQUIRED', 'you act for several parties: say which in cpoPartyId', {
      field: 'cpoPartyId',
      rule: 'required-for-several-parties',
    });
  }
  return partyIds[0];
}
