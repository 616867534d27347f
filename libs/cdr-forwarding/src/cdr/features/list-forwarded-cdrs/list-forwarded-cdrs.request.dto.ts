import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export const DEFAULT_CDR_PAGE_SIZE = 100;
/** Hubject's CDR page maximum; ARCHITECTURE.md §7 caps every list at 2000. */
export const MAX_CDR_PAGE_SIZE = 2000;

export class ListForwardedCdrsRequestDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_CDR_PAGE_SIZE, default: DEFAULT_CDR_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_CDR_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page: only CDRs that arrived after it' })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  cursor?: string;
}
