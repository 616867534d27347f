import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, Roles } from '@roaming/platform';
import type { TariffView } from '../../projections/tariff-list/tariff-list.reader';
import { GetTariffQuery } from './get-tariff.query';

@ApiTags('tariffs')
@Controller('v1/tariffs')
export class GetTariffController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':cpoPartyId/:tariffId')
  @Roles('cpo', 'emsp', 'operator', 'auditor')
  @ApiOperation({ summary: 'A tariff with all its versions: for its CPO and the EVSPs it applies to' })
  @ApiOkResponse({ description: '{ cpoPartyId, tariffId, audience, currentVersion, versions }' })
  @ApiNotFoundResponse({ description: 'TARIFF_NOT_FOUND (also for tariffs that do not apply to you)' })
  get(
    @Param('cpoPartyId') cpoPartyId: string,
    @Param('tariffId') tariffId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<TariffView> {
    return this.queries.execute(new GetTariffQuery(cpoPartyId, tariffId, principal));
  }
}
