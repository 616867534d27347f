import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, Roles } from '@roaming/platform';
import { DEFAULT_PAGE_LIMIT } from '../../../shared/cursor';
import type { Page, TariffView } from '../../projections/tariff-list/tariff-list.reader';
import { ListTariffsQuery } from './list-tariffs.query';
import { ListTariffsRequestDto } from './list-tariffs.request.dto';

@ApiTags('tariffs')
@Controller('v1/tariffs')
export class ListTariffsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Roles('emsp')
  @ApiOperation({
    summary: 'The tariffs that apply to you (IEC 63119 UC2-1): per agreement, its negotiated tariff or the public ones',
  })
  @ApiOkResponse({
    description: '{ items: [tariff with agreementId, negotiated, versions, currentVersion], nextCursor }',
  })
  applicable(
    @Query() query: ListTariffsRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Page<TariffView>> {
    return this.queries.execute(
      new ListTariffsQuery('applicable', principal, { limit: query.limit ?? DEFAULT_PAGE_LIMIT, cursor: query.cursor }),
    );
  }

  @Get('own')
  @Roles('cpo')
  @ApiOperation({ summary: 'Your own tariffs with all their versions' })
  @ApiOkResponse({
    description: '{ items: [{ cpoPartyId, tariffId, audience, currentVersion, versions }], nextCursor }',
  })
  own(@Query() query: ListTariffsRequestDto, @CurrentPrincipal() principal: Principal): Promise<Page<TariffView>> {
    return this.queries.execute(
      new ListTariffsQuery('own', principal, { limit: query.limit ?? DEFAULT_PAGE_LIMIT, cursor: query.cursor }),
    );
  }
}
