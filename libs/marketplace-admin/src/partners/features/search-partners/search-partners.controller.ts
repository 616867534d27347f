import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@roaming/platform';
import { DEFAULT_PAGE_LIMIT } from '../../../shared/keyset-cursor';
import type { PartnerSearchPage } from '../../partner-overview.repository';
import { SearchPartnersQuery } from './search-partners.query';
import { SearchPartnersRequestDto } from './search-partners.request.dto';

@ApiTags('admin: marketplace')
@Controller('v1/admin/marketplace/partners')
@Roles('operator')
export class SearchPartnersController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({
    summary:
      'Search the business partners by role, active flag and name or party id (GeM 1373). Suspend, reactivate and ' +
      'credentials are the contract registry’s commands: /v1/admin/partners/{partnerId}/…',
  })
  @ApiOkResponse({ description: '{ items: [...], nextCursor }' })
  search(@Query() query: SearchPartnersRequestDto): Promise<PartnerSearchPage> {
    return this.queries.execute(
      new SearchPartnersQuery({
        role: query.role,
        active: query.active,
        text: query.q,
        cursor: query.cursor,
        limit: query.limit ?? DEFAULT_PAGE_LIMIT,
      }),
    );
  }
}
