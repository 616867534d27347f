import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT } from '../../../shared/cursor';
import { PARTNER_ROLES, type PartnerRole } from '../../domain/partner.events';
import type { PartnerStatus } from '../../domain/partner.state';

export class ListPartnersRequestDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_LIMIT, default: DEFAULT_PAGE_LIMIT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_LIMIT)
  limit?: number;

  @ApiPropertyOptional({ description: 'The nextCursor of the previous page.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;

  @ApiPropertyOptional({ enum: PARTNER_ROLES, description: 'Only partners with this role (GeM UC 1373).' })
  @IsOptional()
  @IsIn(PARTNER_ROLES)
  role?: PartnerRole;

  @ApiPropertyOptional({ enum: ['active', 'suspended', 'deactivated'] })
  @IsOptional()
  @IsIn(['active', 'suspended', 'deactivated'])
  status?: PartnerStatus;
}
