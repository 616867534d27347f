import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, Matches } from 'class-validator';

const PARTY = /^[A-Z]{2}[A-Z0-9]{3}$/;

export class GetInventoryRequestDto {
  @ApiPropertyOptional({ description: 'The other party of the pair (EVSP for a CPO, CPO for an EVSP)' })
  @IsOptional()
  @IsString()
  @Matches(PARTY)
  counterparty?: string;

  @ApiPropertyOptional({ description: 'Records received at or after this instant (ISO-8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ description: 'Records received before this instant (ISO-8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}

export class GetAdminInventoryRequestDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Matches(PARTY)
  cpo?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Matches(PARTY)
  emsp?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}
