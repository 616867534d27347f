import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional } from 'class-validator';

export class StateAsOfRequestDto {
  @ApiPropertyOptional({ description: 'ISO-8601; the state after the events recorded up to then. Default: now.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  asOf?: string;
}
