import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsInt, IsISO8601, Max, Min } from 'class-validator';
import { CHARGING_STATUSES, type ChargingStatus } from '../../domain';

/** Energy so far and what the charge point is doing (eMI3 UCE CS push; IEC 63119-2 UC3-6 reads it). */
export class ReportSessionProgressDto {
  @ApiProperty({ description: 'Energy delivered since the start, Wh.', example: 7250 })
  @IsInt()
  @Min(0)
  @Max(1_000_000_000)
  energyWh!: number;

  @ApiProperty({ enum: CHARGING_STATUSES })
  @IsIn(CHARGING_STATUSES)
  status!: ChargingStatus;

  @ApiProperty({ format: 'date-time', description: 'When the meter showed this.' })
  @IsISO8601({ strict: true })
  measuredAt!: string;
}
