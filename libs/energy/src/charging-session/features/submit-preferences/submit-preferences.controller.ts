import { Body, Controller, Param, Put } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { CurrentPrincipal, type Principal, Roles } from '@roaming/platform';
import { parseInstant } from '../../../shared/instant';
import { type ChargingSessionView, ChargingSessions } from '../../charging-sessions';

export class SubmitPreferencesRequestDto {
  @ApiProperty({ example: '2026-03-01T17:00:00Z', description: 'When the driver leaves' })
  @IsString()
  departureAt!: string;

  @ApiProperty({ example: 30000, description: 'Energy the driver needs by then, Wh' })
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  energyNeededWh!: number;

  @ApiPropertyOptional({ example: 11000, description: 'The most power the vehicle takes, W' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  maxPowerW?: number;
}

@ApiTags('charging-sessions')
@ApiBearerAuth('bearer')
@Controller('v1/charging-sessions/:sessionId')
export class SubmitPreferencesController {
  constructor(private readonly sessions: ChargingSessions) {}

  @Put('preferences')
  @Roles('emsp')
  @ApiOperation({
    summary: "Send the driver's charging preferences for a session (IEC 63119-2 UC3-7, eMI3 UCE S 3.2-7.2)",
    description: 'The session id is the authorization id of the session. The CPO receives them on its outbound topic.',
  })
  @ApiOkResponse({ description: 'ChargingSessionView' })
  @ApiNotFoundResponse({ description: 'SESSION_UNKNOWN' })
  submit(
    @Param('sessionId') sessionId: string,
    @Body() body: SubmitPreferencesRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ChargingSessionView> {
    return this.sessions.submitPreferences(principal, sessionId, {
      departureAt: parseInstant(body.departureAt, 'departureAt'),
      energyNeededWh: body.energyNeededWh,
      maxPowerW: body.maxPowerW ?? null,
    });
  }
}
