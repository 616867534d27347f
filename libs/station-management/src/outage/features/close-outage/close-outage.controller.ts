import { Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, Roles } from '@roaming/platform';
import { type OutageWriteResult, OutageWrites } from '../outage-writes';

@ApiTags('outages')
@ApiBearerAuth('bearer')
@Controller('v1/operators/:cpoPartyId/outages/:noticeId')
export class CloseOutageController {
  constructor(private readonly outages: OutageWrites) {}

  @Post('end')
  @Roles('cpo')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'The outage is over now: the EVSEs show their reported status again (IEC 63119-2 UC5-1)' })
  @ApiOkResponse({ description: '{ noticeId, status: ENDED, changed }' })
  @ApiNotFoundResponse({ description: 'OUTAGE_NOT_FOUND' })
  @ApiConflictResponse({ description: 'OUTAGE_NOT_STARTED (cancel it instead), OUTAGE_CLOSED' })
  end(
    @Param('cpoPartyId') cpoPartyId: string,
    @Param('noticeId') noticeId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<OutageWriteResult> {
    const target = this.outages.target(principal, cpoPartyId, noticeId);
    return this.outages.run(principal, { type: 'EndOutage', data: { ...target, at: this.outages.now() } });
  }

  @Post('cancel')
  @Roles('cpo')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'A planned outage will not happen (the notice stays, marked CANCELLED)' })
  @ApiOkResponse({ description: '{ noticeId, status: CANCELLED, changed }' })
  @ApiNotFoundResponse({ description: 'OUTAGE_NOT_FOUND' })
  @ApiConflictResponse({ description: 'OUTAGE_CLOSED' })
  cancel(
    @Param('cpoPartyId') cpoPartyId: string,
    @Param('noticeId') noticeId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<OutageWriteResult> {
    const target = this.outages.target(principal, cpoPartyId, noticeId);
    return this.outages.run(principal, { type: 'CancelOutageNotice', data: { ...target, at: this.outages.now() } });
  }
}
