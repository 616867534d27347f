import { Body, Controller, Get, HttpCode, HttpStatus, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, Roles } from '@roaming/platform';
import { FreshnessQueryDto, GetStatusesQueryDto, LookupStatusesRequestDto } from './lookup-statuses.request.dto';
import { StatusLookup, type StatusLookupResult } from './status-lookup';

const DESCRIPTION =
  'The newest status of each EVSE with its age; older than the freshness (eMI3 UCE U: 60 s) it is flagged stale. ' +
  'You see EVSEs of operators you have an agreement in force with, and your own; other ids come back in unknownEvseIds.';

@ApiTags('evse-status')
@ApiBearerAuth('bearer')
@Controller('v1/evse-statuses')
export class LookupStatusesController {
  constructor(private readonly statuses: StatusLookup) {}

  @Post('lookup')
  @Roles('emsp', 'cpo')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Latest status of up to 1000 EVSEs (IEC 63119-2 UC1-3, eMI3 UCE U pull)',
    description: DESCRIPTION,
  })
  @ApiOkResponse({
    description:
      '{ statuses: [{ evseId, status, observedAt, ageSeconds, stale, outage }], unknownEvseIds, freshnessSeconds, at }',
  })
  @ApiBadRequestResponse({ description: 'REQUEST_INVALID (1..1000 ids), EVSE_ID_INVALID' })
  lookup(
    @Body() body: LookupStatusesRequestDto,
    @Query() query: FreshnessQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<StatusLookupResult> {
    return this.statuses.lookup(principal, body.evseIds, query.maxAgeSeconds);
  }

  @Get()
  @Roles('emsp', 'cpo')
  @ApiOperation({ summary: 'Latest status of up to 100 EVSEs given in the query', description: DESCRIPTION })
  @ApiOkResponse({ description: 'as POST /v1/evse-statuses/lookup' })
  get(@Query() query: GetStatusesQueryDto, @CurrentPrincipal() principal: Principal): Promise<StatusLookupResult> {
    return this.statuses.lookup(principal, query.evseIds, query.maxAgeSeconds);
  }
}
