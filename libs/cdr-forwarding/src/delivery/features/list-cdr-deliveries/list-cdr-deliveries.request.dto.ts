import { ApiPropertyOptional } from '@nestjs/swagger';
import type { CdrDeliveryStateV1 } from '@roaming/contracts';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

const STATES: CdrDeliveryStateV1[] = ['PENDING', 'RETRYING', 'DELIVERED', 'UNDELIVERED'];

export class ListCdrDeliveriesRequestDto {
  @ApiPropertyOptional({ enum: STATES, description: 'UNDELIVERED = stalled (the alert)' })
  @IsOptional()
  @IsIn(STATES)
  state?: CdrDeliveryStateV1;

  @ApiPropertyOptional({ minimum: 1, maximum: 2000, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(2000)
  limit?: number;
}

export class ListAdminCdrDeliveriesRequestDto extends ListCdrDeliveriesRequestDto {
  @ApiPropertyOptional({ description: 'Only records of this CPO party id' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Z]{2}[A-Z0-9]{3}$/)
  cpo?: string;

  @ApiPropertyOptional({ description: 'Only records for this EVSP party id' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Z]{2}[A-Z0-9]{3}$/)
  emsp?: string;
}
