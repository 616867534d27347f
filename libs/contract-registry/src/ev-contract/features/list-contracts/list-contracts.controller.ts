import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, Roles } from '@roaming/platform';
import { DEFAULT_PAGE_LIMIT } from '../../../shared/cursor';
import { type ContractPage, ListContractsQuery } from './list-contracts.query';
import { ListContractsRequestDto } from './list-contracts.request.dto';

@ApiTags('EV contracts')
@Controller('v1/contracts')
@Roles('emsp')
export class ListContractsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({ summary: 'Your EV contracts, in EMAID order, by cursor (limit up to 2000; GeM 983 read)' })
  @ApiOkResponse({ description: '{ items: [contract], nextCursor }' })
  list(@Query() query: ListContractsRequestDto, @CurrentPrincipal() principal: Principal): Promise<ContractPage> {
    return this.queries.execute(
      new ListContractsQuery(principal, {
        limit: query.limit ?? DEFAULT_PAGE_LIMIT,
        cursor: query.cursor,
        status: query.status,
        emspPartyId: query.emspPartyId,
      }),
    );
  }
}
