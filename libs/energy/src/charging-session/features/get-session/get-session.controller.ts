import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, Roles } from '@roaming/platform';
import { type ChargingSessionView, ChargingSessions } from '../../charging-sessions';
import type { MeterReading } from '../../domain';

@ApiTags('charging-sessions')
@ApiBearerAuth('bearer')
@Controller('v1/charging-sessions/:sessionId')
export class GetSessionController {
  constructor(private readonly sessions: ChargingSessions) {}

  @Get()
  @Roles('emsp', 'cpo')
  @ApiOperation({
    summary: 'A session: preferences, current and past charge plans, energy so far (UC3-6, UC3-7, UC3-10)',
  })
  @ApiOkResponse({ description: 'ChargingSessionView' })
  @ApiNotFoundResponse({ description: 'SESSION_UNKNOWN' })
  get(@Param('sessionId') sessionId: string, @CurrentPrincipal() principal: Principal): Promise<ChargingSessionView> {
    return this.sessions.get(principal, sessionId);
  }

  @Get('meter-values')
  @Roles('emsp', 'cpo')
  @ApiOperation({ summary: 'Every meter reading of a session, signed readouts verbatim (ISO 15118 F1)' })
  @ApiOkResponse({ description: 'MeterReading[]' })
  meterValues(
    @Param('sessionId') sessionId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<MeterReading[]> {
    return this.sessions.meterValues(principal, sessionId);
  }
}
