import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsISO8601, IsOptional, IsString, Length, Max, Min } from 'class-validator';

/** IEC 63119-2 UC3-5: the session is over; the CDR follows to cdr-forwarding. */
export class ReportSessionEndDto {
  @ApiProperty({ format: 'date-time' })
  @IsISO8601({ strict: true })
  endedAt!: string;

  @ApiProperty({ description: 'Energy delivered in total, Wh.', example: 18250 })
  @IsInt()
  @Min(0)
  @Max(1_000_000_000)
  energyWh!: number;

  @ApiPropertyOptional({ description: 'Why it ended (eMI3 "session report": why did it end?).', example: 'EV_FULL' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  reason?: string;
}
