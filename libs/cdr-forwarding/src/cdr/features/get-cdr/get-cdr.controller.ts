import { Controller, Get, Param, Query as QueryParams } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { CdrDetailsV1 } from '@roaming/contracts';
import { CurrentPrincipal, type Principal, Roles } from '@roaming/platform';
import { GetCdrQuery } from './get-cdr.query';
import { GetCdrRequestDto } from './get-cdr.request.dto';

@ApiTags('cdrs')
@ApiBearerAuth('bearer')
@Controller('v1/cdrs')
export class GetCdrController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get(':cdrId')
  @Roles('cpo', 'emsp')
  @ApiOperation({
    summary: 'One CDR and its outcome, for the CPO that sent it or the EVSP it was forwarded to',
    description: 'A CPO also sees its rejected CDRs with the rejection code and reason.',
  })
  @ApiParam({ name: 'cdrId', description: "The CPO's CDR id" })
  @ApiResponse({ status: 200, description: 'CdrV1 plus status, receivedAt, forwardedAt and rejection' })
  @ApiResponse({ status: 404, description: 'CDR_NOT_FOUND: unknown, or not yours to see' })
  get(
    @Param('cdrId') cdrId: string,
    @QueryParams() params: GetCdrRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CdrDetailsV1> {
    return this.queryBus.execute(new GetCdrQuery(params.cpoPartyId, cdrId, principal));
  }
}
