import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT } from '../../../shared/keyset-cursor';
import { TRANSACTION_KINDS, type TransactionKind } from '../../transaction-record';

const DECIMAL = /^\d{1,18}(\.\d{1,12})?$/;

export class ListPartnerTransactionsRequestDto {
  @ApiPropertyOptional({ description: 'Recorded at or after (ISO-8601).' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ description: 'Recorded before (ISO-8601).' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({ enum: ['cpo', 'emsp'], description: 'The partner’s role in the transaction (GeM 927).' })
  @IsOptional()
  @IsIn(['cpo', 'emsp'])
  role?: 'cpo' | 'emsp';

  @ApiPropertyOptional({ enum: TRANSACTION_KINDS })
  @IsOptional()
  @IsIn(TRANSACTION_KINDS)
  kind?: TransactionKind;

  @ApiPropertyOptional({ description: 'Least transaction value (decimal); only valued transactions (CDRs) match.' })
  @IsOptional()
  @Matches(DECIMAL)
  minValue?: string;

  @ApiPropertyOptional({ description: 'Greatest transaction value (decimal).' })
  @IsOptional()
  @Matches(DECIMAL)
  maxValue?: string;

  @ApiPropertyOptional({ description: 'ISO 4217 currency of the value.', example: 'EUR' })
  @IsOptional()
  @Matches(/^[A-Z]{3}$/)
  currency?: string;

  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json', description: 'csv: every match as a CSV file.' })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';

  @ApiPropertyOptional({ description: 'The nextCursor of the previous page (json).' })
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
