import { Body, Controller, Param, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsString, Max, Min, ValidateNested } from 'class-validator';
import { CurrentPrincipal, type Principal, Roles } from '@roaming/platform';
import { parseInstant } from '../../../shared/instant';
import { type ChargingSessionView, ChargingSessions } from '../../charging-sessions';
import { MAX_PLAN_PERIODS } from '../../domain';

export class PlanPeriodDto {
  @ApiProperty({ example: '2026-03-01T10:00:00Z' }) @IsString() startsAt!: string;
  @ApiProperty({ example: '2026-03-01T11:00:00Z' }) @IsString() endsAt!: string;

  @ApiProperty({ example: 11000, description: 'Watts; 0 pauses' })
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  powerW!: number;
}

export class PublishChargePlanRequestDto {
  @ApiProperty({ type: [PlanPeriodDto], description: 'Contiguous periods, in order' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_PLAN_PERIODS)
  @ValidateNested({ each: true })
  @Type(() => PlanPeriodDto)
  periods!: PlanPeriodDto[];
}

@ApiTags('charging-sessions')
@ApiBearerAuth('bearer')
@Controller('v1/charging-sessions/:sessionId')
export class PublishChargePlanController {
  constructor(private readonly sessions: ChargingSessions) {}

  @Put('charge-plan')
  @Roles('cpo')
  @ApiOperation({
    summary: 'Answer with a charge plan, or update it (IEC 63119-2 UC3-7, UC3-10; IEC 63110 E1-E4)',
    description:
      'Each change is a new version; the EVSP receives it on its outbound topic. Refused, storing nothing: periods ' +
      'not contiguous (PLAN_PERIODS_NOT_CONTIGUOUS), power above the EVSE maximum (PLAN_ABOVE_EVSE_POWER), or the ' +
      'plans of the load area together above a curtailment of its grid operator (PLAN_OUTSIDE_ENVELOPE).',
  })
  @ApiOkResponse({ description: 'ChargingSessionView' })
  @ApiBadRequestResponse({
    description: 'PLAN_PERIODS_INVALID, PLAN_PERIODS_NOT_CONTIGUOUS, PLAN_ABOVE_EVSE_POWER, PLAN_OUTSIDE_ENVELOPE',
  })
  @ApiNotFoundResponse({ description: 'SESSION_UNKNOWN, EVSE_UNKNOWN' })
  publish(
    @Param('sessionId') sessionId: string,
    @Body() body: PublishChargePlanRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ChargingSessionView> {
    return this.sessions.publishPlan(
      principal,
      sessionId,
      body.periods.map((p, i) => ({
        startsAt: parseInstant(p.startsAt, `periods.${i}.startsAt`),
        endsAt: parseInstant(p.endsAt, `periods.${i}.endsAt`),
        powerW: p.powerW,
      })),
    );
  }
}
