import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@roaming/platform';
import { DEFAULT_PAGE_LIMIT } from '../../../shared/cursor';
import type { PartnerPage } from '../../projections/partner-list/partner-list.reader';
import { ListPartnersQuery } from './list-partners.query';
import { ListPartnersRequestDto } from './list-partners.request.dto';

@ApiTags('admin: partners')
@Controller('v1/admin/partners')
@Roles('operator')
export class ListPartnersController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({ summary: 'List business partners, oldest first, by cursor (GeM UC 1373)' })
  @ApiOkResponse({ description: '{ items: [...], nextCursor }' })
  list(@Query() query: ListPartnersRequestDto): Promise<PartnerPage> {
    return this.queries.execute(
      new ListPartnersQuery({
        limit: query.limit ?? DEFAULT_PAGE_LIMIT,
        cursor: query.cursor,
        role: query.role,
        status: query.status,
      }),
    );
  }
}
