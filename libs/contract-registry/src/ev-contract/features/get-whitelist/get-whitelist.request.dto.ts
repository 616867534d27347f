import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT } from '../../../shared/cursor';

export class GetWhitelistRequestDto {
  @ApiPropertyOptional({ description: 'Your CPO party id; required only when you act for more than one party.' })
  @IsOptional()
  @IsString()
  @MaxLength(16)
  cpoPartyId?: string;

  @ApiPropertyOptional({ description: 'Full list: the nextCursor of the previous page.' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  cursor?: string;

  @ApiPropertyOptional({
    description: 'Delta: a nextCursor you kept; answers every change after it, blocks and removals included.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  since?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_LIMIT, default: DEFAULT_PAGE_LIMIT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_LIMIT)
  limit?: number;
}
