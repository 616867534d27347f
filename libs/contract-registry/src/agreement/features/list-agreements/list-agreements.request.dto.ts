import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT } from '../../../shared/cursor';
import type { AgreementStatus } from '../../domain/agreement.state';

const STATUSES: AgreementStatus[] = ['offered', 'active', 'suspended', 'declined', 'terminated', 'deactivated'];

export class ListAgreementsRequestDto {
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

  @ApiPropertyOptional({ enum: STATUSES })
  @IsOptional()
  @IsIn(STATUSES)
  status?: AgreementStatus;

  @ApiPropertyOptional({ description: 'Only agreements with this party (normalised, e.g. DEABC).' })
  @IsOptional()
  @IsString()
  @MaxLength(16)
  partyId?: string;
}
