import { Body, Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { CurrentPrincipal, type Principal, Roles } from '@roaming/platform';
import { parseInstant } from '../../../shared/instant';
import { type ChargingSessionView, ChargingSessions } from '../../charging-sessions';

export class SignedMeterValueDto {
  @ApiProperty({ example: 'OCMF', description: 'The encoding, e.g. OCMF, ALFEN, EDL40' })
  @IsString()
  @Length(1, 32)
  format!: string;

  @ApiProperty({ description: 'The signed readout exactly as the meter produced it (ISO 15118 F1); kept verbatim' })
  @IsString()
  @MaxLength(16_384)
  signedData!: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(4096) publicKey?: string;
}

export class MeterReadingDto {
  @ApiProperty({ example: '2026-03-01T10:15:00Z' }) @IsString() measuredAt!: string;

  @ApiProperty({ example: 2750, description: 'Energy since the session started, Wh' })
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  energyWh!: number;

  @ApiPropertyOptional({ example: 11000, description: 'Power at that instant, W' })
  @IsOptional()
  @IsInt()
  @Min(-10_000_000)
  @Max(10_000_000)
  powerW?: number;

  @ApiPropertyOptional({ type: SignedMeterValueDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => SignedMeterValueDto)
  signedMeterValue?: SignedMeterValueDto;
}

export class ReportMeterValuesRequestDto {
  @ApiProperty({ type: [MeterReadingDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => MeterReadingDto)
  readings!: MeterReadingDto[];
}

@ApiTags('charging-sessions')
@ApiBearerAuth('bearer')
@Controller('v1/charging-sessions/:sessionId')
export class ReportMeterValuesController {
  constructor(private readonly sessions: ChargingSessions) {}

  @Post('meter-values')
  @Roles('cpo')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Report meter values of a session, with signed readouts (IEC 63119-2 UC3-6, ISO 15118 F1)',
    description:
      'In time order; a reading sent again is dropped. The EVSP receives the progress on its outbound topic.',
  })
  @ApiOkResponse({ description: 'ChargingSessionView' })
  @ApiNotFoundResponse({ description: 'SESSION_UNKNOWN' })
  report(
    @Param('sessionId') sessionId: string,
    @Body() body: ReportMeterValuesRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ChargingSessionView> {
    return this.sessions.reportMeterValues(
      principal,
      sessionId,
      body.readings.map((r, i) => ({
        measuredAt: parseInstant(r.measuredAt, `readings.${i}.measuredAt`),
        energyWh: r.energyWh,
        powerW: r.powerW ?? null,
        signedMeterValue: r.signedMeterValue
          ? {
              format: r.signedMeterValue.format,
              signedData: r.signedMeterValue.signedData,
              publicKey: r.signedMeterValue.publicKey ?? null,
            }
          : null,
      })),
    );
  }
}
