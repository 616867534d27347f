import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT } from '../../../shared/keyset-cursor';

export const PARTNER_ROLES = ['cpo', 'emsp'] as const;

export class SearchPartnersRequestDto {
  @ApiPropertyOptional({ enum: PARTNER_ROLES, description: 'Service provider (CPO) or requester (EVSP) (GeM 1373).' })
  @IsOptional()
  @IsIn(PARTNER_ROLES)
  role?: (typeof PARTNER_ROLES)[number];

  @ApiPropertyOptional({ description: 'true: active partners; false: suspended or deactivated ones (GeM 1373).' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ description: 'Part of the name, or a party id (DE*ABC, DEABC).' })
  @IsOptional()
  @IsString()
  @MinLength(2)
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ description: 'The nextCursor of the previous page.' })
  @IsOptional()
  @IsString()
  @MaxLength(400)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_LIMIT, default: DEFAULT_PAGE_LIMIT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_LIMIT)
  limit?: number;
}
