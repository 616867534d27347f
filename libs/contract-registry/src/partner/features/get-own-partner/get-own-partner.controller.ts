import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, Roles } from '@roaming/platform';
import { GetPartnerQuery } from '../get-partner/get-partner.query';
import type { PartnerDetailView } from '../partner.view';

@ApiTags('own partner record')
@Controller('v1/partner')
@Roles('cpo', 'emsp', 'dso', 'auditor')
export class GetOwnPartnerController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({
    summary: 'Your partner record: roles, party ids, endpoints, roaming partners, key ids (GeM UC 1377)',
  })
  @ApiOkResponse({ description: 'the partner record; keys are never shown, only their ids and status' })
  get(@CurrentPrincipal() principal: Principal): Promise<PartnerDetailView> {
    return this.queries.execute(new GetPartnerQuery(principal.partnerId));
  }
}
