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
import { ReportSessionEndDto } from './report-session-end.request.dto';

@ApiTags('sessions')
@ApiBearerAuth('bearer')
@Controller('v1/sessions')
export class ReportSessionEndController {
  constructor(private readonly reports: SessionReports) {}

  @Post(':sessionId/end')
  @Roles('cpo')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Report that a charging session ended',
    description:
      'IEC 63119-2 UC3-5. The same end again changes nothing; a different one is refused. Published on ' +
      'authorization.events.v1 (the CDR context correlates it) and to the EVSP.',
  })
  @ApiOkResponse({ type: SessionResponseDto })
  @ApiBadRequestResponse({ description: 'REQUEST_INVALID, SESSION_END_BEFORE_START, SESSION_ENERGY_DECREASED' })
  @ApiNotFoundResponse({ description: 'SESSION_NOT_FOUND' })
  @ApiConflictResponse({ description: 'SESSION_NOT_ACTIVE, SESSION_ALREADY_ENDED' })
  async end(
    @Param('sessionId', sessionIdPipe()) sessionId: string,
    @Body() body: ReportSessionEndDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<SessionResponseDto> {
    const state = await this.reports.end(
      {
        sessionId,
        endedAt: new Date(body.endedAt).toISOString(),
        energyWh: body.energyWh,
        reason: body.reason ?? null,
      },
      { partnerId: principal.partnerId, partyIds: principal.partyIds, correlationId: currentCorrelationId() },
    );
    if (state.status === 'NONE') throw new Error(`session ${sessionId} vanished`);
    return SessionResponseDto.of(state);
  }
}
