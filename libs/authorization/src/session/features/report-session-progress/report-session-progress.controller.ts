import { Body, Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, currentCorrelationId, type Principal, Roles } from '@roaming/platform';
import { SessionReports } from '../../application/session-reports';
import { sessionIdPipe } from '../session-id.pipe';
import { SessionResponseDto } from '../session.response.dto';
import { ReportSessionProgressDto } from './report-session-progress.request.dto';

@ApiTags('sessions')
@ApiBearerAuth('bearer')
@Controller('v1/sessions')
export class ReportSessionProgressController {
  constructor(private readonly reports: SessionReports) {}

  @Post(':sessionId/progress')
  @Roles('cpo')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Report energy so far and status of a running session',
    description:
      'eMI3 UCE CS: accepted between start and end only. A report older than the latest one is ignored; energy never ' +
      'goes down. The EVSP of the contract receives it on its outbound topic.',
  })
  @ApiOkResponse({ type: SessionResponseDto })
  @ApiBadRequestResponse({ description: 'REQUEST_INVALID, SESSION_ENERGY_DECREASED, SESSION_PROGRESS_BEFORE_START' })
  @ApiNotFoundResponse({ description: 'SESSION_NOT_FOUND' })
  @ApiConflictResponse({ description: 'SESSION_NOT_ACTIVE' })
  async progress(
    @Param('sessionId', sessionIdPipe()) sessionId: string,
    @Body() body: ReportSessionProgressDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<SessionResponseDto> {
    const state = await this.reports.progress(
      { sessionId, energyWh: body.energyWh, status: body.status, measuredAt: new Date(body.measuredAt).toISOString() },
      { partnerId: principal.partnerId, partyIds: principal.partyIds, correlationId: currentCorrelationId() },
    );
    if (state.status === 'NONE') throw new Error(`session ${sessionId} vanished`);
    return SessionResponseDto.of(state);
  }
}
