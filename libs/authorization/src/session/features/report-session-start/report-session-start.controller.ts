import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, currentCorrelationId, type Principal, Roles } from '@roaming/platform';
import { SessionResponseDto } from '../session.response.dto';
import { ReportSessionStartHandler } from './report-session-start.handler';
import { ReportSessionStartDto } from './report-session-start.request.dto';

@ApiTags('sessions')
@ApiBearerAuth('bearer')
@Controller('v1/sessions')
export class ReportSessionStartController {
  constructor(private readonly handler: ReportSessionStartHandler) {}

  @Post()
  @Roles('cpo')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary: 'Report that a charging session started',
    description:
      'An authorization becomes a session (IEC 63119-2 UC3-1/UC3-2/UC3-3), at most one per authorization; or a ' +
      'start your EVSE allowed offline from the whitelist (UC4-2) is accepted and marked offline when the token is ' +
      'whitelisted for it, else recorded as REFUSED with a reason. Sending the same report again changes nothing.',
  })
  @ApiCreatedResponse({ type: SessionResponseDto })
  @ApiBadRequestResponse({
    description:
      'REQUEST_INVALID, SESSION_START_BASIS (authorizationId or token, exactly one), EVSE_ID_INVALID, ' +
      'TOKEN_UID_INVALID, SESSION_START_IN_FUTURE',
  })
  @ApiForbiddenResponse({ description: 'EVSE_NOT_OWNED' })
  @ApiNotFoundResponse({ description: 'AUTHORIZATION_NOT_FOUND' })
  @ApiConflictResponse({ description: 'AUTHORIZATION_NOT_GRANTED, SESSION_EVSE_MISMATCH, SESSION_EXISTS' })
  start(@Body() body: ReportSessionStartDto, @CurrentPrincipal() principal: Principal): Promise<SessionResponseDto> {
    return this.handler.execute(body, {
      partnerId: principal.partnerId,
      partyIds: principal.partyIds,
      correlationId: currentCorrelationId(),
    });
  }
}
