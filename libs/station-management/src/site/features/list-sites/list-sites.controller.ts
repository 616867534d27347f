import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { SitePageV1 } from '@roaming/contracts';
import { CurrentPrincipal, type Principal, Roles } from '@roaming/platform';
import { Clock } from '@roaming/shared-kernel';
import { RegistryViewRepository } from '../../../registry-view/registry-view.repository';
import { DEFAULT_PAGE_LIMIT, decodeCursor, encodeCursor } from '../../../shared/cursor';
import { SitesQueries } from '../../projections/sites/sites.queries';
import { ListSitesRequestDto } from './list-sites.request.dto';

@ApiTags('sites')
@ApiBearerAuth('bearer')
@Controller('v1/sites')
export class ListSitesController {
  constructor(
    private readonly sites: SitesQueries,
    private readonly registry: RegistryViewRepository,
    private readonly clock: Clock,
  ) {}

  @Get()
  @Roles('emsp', 'cpo')
  @ApiOperation({
    summary: 'Pull sites with their EVSEs: full, paged, or the delta since a cursor (IEC 63119-2 UC1-2, eMI3 UCE MD)',
    description:
      'You see the sites of operators you have a roaming agreement in force with, and your own (eMI3 UCE MD: ' +
      'contracted data). Keep the last nextCursor and pass it as `since`: the next call returns exactly what changed ' +
      'after it, in order, withdrawals included.',
  })
  @ApiOkResponse({ description: 'SitePageV1: { items: SiteV1[], nextCursor }' })
  @ApiBadRequestResponse({ description: 'REQUEST_INVALID (limit outside 1..2000), CURSOR_INVALID' })
  async list(@Query() query: ListSitesRequestDto, @CurrentPrincipal() principal: Principal): Promise<SitePageV1> {
    const since = decodeCursor(query.since);
    const now = this.clock.now().toISOString();
    const operators = await this.registry.visibleOperators(principal.partyIds, now);
    const page = await this.sites.page(operators, since, query.limit ?? DEFAULT_PAGE_LIMIT, now);
    return { items: page.items, nextCursor: encodeCursor(page.last) };
  }
}
