import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import type { GlobalHistoryFilter } from '@roaming/event-store/audit';
import { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT } from '../../operations.constants';

const POSITION = /^(0|[1-9]\d{0,18})$/;
const CATEGORIES = /^[a-z][A-Za-z0-9]{0,99}(,[a-z][A-Za-z0-9]{0,99}){0,49}$/;

/** Which part of the global history: by categories, between positions and/or between times. */
export class HistoryFilterDto {
  @ApiPropertyOptional({ description: 'Comma-separated stream categories, e.g. `authorization,cdr`.' })
  @IsOptional()
  @Matches(CATEGORIES)
  category?: string;

  @ApiPropertyOptional({ description: 'First global position (inclusive).' })
  @IsOptional()
  @Matches(POSITION)
  fromPosition?: string;

  @ApiPropertyOptional({ description: 'Last global position (inclusive).' })
  @IsOptional()
  @Matches(POSITION)
  toPosition?: string;

  @ApiPropertyOptional({ description: 'Recorded at or after (ISO-8601).' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ description: 'Recorded before (ISO-8601).' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  toFilter(): GlobalHistoryFilter {
    return {
      categories: this.category?.split(','),
      fromPosition: this.fromPosition,
      toPosition: this.toPosition,
      fromTime: this.from,
      toTime: this.to,
    };
  }
}

export class ReadHistoryRequestDto extends HistoryFilterDto {
  @ApiPropertyOptional({ description: 'The nextCursor of the previous page.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_LIMIT, default: DEFAULT_PAGE_LIMIT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_LIMIT)
  limit?: number;
}
