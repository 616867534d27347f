import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, Roles } from '@roaming/platform';
import { DEFAULT_PAGE_LIMIT } from '../../../shared/cursor';
import type { WhitelistPage } from '../../projections/whitelist/whitelist.reader';
import { GetWhitelistQuery } from './get-whitelist.query';
import { GetWhitelistRequestDto } from './get-whitelist.request.dto';

@ApiTags('whitelist (offline identification)')
@Controller('v1/whitelist')
@Roles('cpo')
export class GetWhitelistController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({
    summary: 'Tokens valid at your EVSEs, full or changed since a position (IEC 63119 UC4-2)',
    description:
      'The tokens of every EVSP you have an active roaming agreement with. Without `since`: the full list of ' +
      'tokens valid now, paged with `cursor` while `hasMore`. Keep the last `nextCursor` and later pass it as ' +
      '`since` to get only what changed after it, as it is now: blocked, stolen, deactivated, expired tokens and ' +
      'those of an EVSP whose agreement ended (roaming: false) come with valid: false. The cursor is a store ' +
      'position (transaction id, global position, index in the event), opaque to you. Up to 2000 per page.',
  })
  @ApiOkResponse({
    description:
      '{ items: [{ emspPartyId, emaid, uid, type, status, validUntil, allowedServices, allowOffline, roaming, ' +
      'valid }], nextCursor, hasMore }',
  })
  @ApiBadRequestResponse({ description: 'CURSOR_INVALID, WHITELIST_QUERY_INVALID, CPO_PARTY_REQUIRED' })
  get(@Query() query: GetWhitelistRequestDto, @CurrentPrincipal() principal: Principal): Promise<WhitelistPage> {
    return this.queries.execute(
      new GetWhitelistQuery(principal, {
        cpoPartyId: query.cpoPartyId,
        cursor: query.cursor,
        since: query.since,
        limit: query.limit ?? DEFAULT_PAGE_LIMIT,
      }),
    );
  }
}
