import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, Roles } from '@roaming/platform';
import { DEFAULT_PAGE_LIMIT } from '../../../shared/cursor';
import type { AgreementPage } from '../../projections/agreement-list/agreement-list.reader';
import { ListAgreementsQuery } from './list-agreements.query';
import { ListAgreementsRequestDto } from './list-agreements.request.dto';

@ApiTags('roaming agreements')
@Controller('v1/agreements')
export class ListAgreementsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Roles('cpo', 'emsp', 'operator', 'auditor')
  @ApiOperation({
    summary: 'Your roaming agreements, oldest offer first, by cursor (GeM UC 1245); the operator sees all',
  })
  @ApiOkResponse({ description: '{ items: [agreement with pendingRequest], nextCursor }' })
  list(@Query() query: ListAgreementsRequestDto, @CurrentPrincipal() principal: Principal): Promise<AgreementPage> {
    return this.queries.execute(
      new ListAgreementsQuery(principal, {
        limit: query.limit ?? DEFAULT_PAGE_LIMIT,
        cursor: query.cursor,
        status: query.status,
        partyId: query.partyId,
      }),
    );
  }
}
