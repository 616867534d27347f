import { Controller, Get, Query as QueryParams } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { CdrPageV1 } from '@roaming/contracts';
import { CurrentPrincipal, type Principal, Roles } from '@roaming/platform';
import { ListForwardedCdrsQuery } from './list-forwarded-cdrs.query';
import { DEFAULT_CDR_PAGE_SIZE, ListForwardedCdrsRequestDto } from './list-forwarded-cdrs.request.dto';

@ApiTags('cdrs')
@ApiBearerAuth('bearer')
@Controller('v1/cdrs')
export class ListForwardedCdrsController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  @Roles('emsp')
  @ApiOperation({
    summary: 'Fetch the CDRs forwarded to your parties (GeM 984, eMI3 UC 200 step 16.1 as pull)',
    description:
      'Oldest arrival first. Keep the nextCursor and pass it back: the next call returns only CDRs that arrived ' +
      'since (a true delta), so polling with the last cursor never misses or repeats a CDR.',
  })
  @ApiResponse({ status: 200, description: '{ items: CdrV1[], nextCursor }' })
  @ApiResponse({ status: 400, description: 'REQUEST_INVALID (limit outside 1..2000) or CURSOR_INVALID' })
  list(
    @QueryParams() params: ListForwardedCdrsRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CdrPageV1> {
    return this.queryBus.execute(
      new ListForwardedCdrsQuery(principal.partyIds, params.limit ?? DEFAULT_CDR_PAGE_SIZE, params.cursor),
    );
  }
}
