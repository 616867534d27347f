import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';

export const MAX_LOOKUP_IDS = 1000;

export class LookupStatusesRequestDto {
  @ApiProperty({ type: [String], maxItems: MAX_LOOKUP_IDS, example: ['DE*ABC*E1001*1', 'DE*ABC*E1001*2'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_LOOKUP_IDS)
  @IsString({ each: true })
  @Length(1, 64, { each: true })
  evseIds!: string[];
}

export class FreshnessQueryDto {
  @ApiPropertyOptional({ description: 'Report statuses older than this as stale (default: the configured 60 s)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(86_400)
  maxAgeSeconds?: number;
}

export class GetStatusesQueryDto extends FreshnessQueryDto {
  @ApiProperty({ description: 'Comma-separated EVSE ids (up to 100; POST /v1/evse-statuses/lookup takes 1000)' })
  @Transform(({ value }) => (typeof value === 'string' ? value.split(',').filter((v) => v !== '') : value))
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsString({ each: true })
  evseIds!: string[];
}
