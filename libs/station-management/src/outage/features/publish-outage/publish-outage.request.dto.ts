import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, Length } from 'class-validator';
import { OUTAGE_KINDS, type OutageKind } from '../../domain';

/** A notice for a whole site (siteId) or for some EVSEs (evseIds), not both. */
export class PublishOutageRequestDto {
  @ApiProperty({ enum: OUTAGE_KINDS, description: 'PLANNED maintenance or UNPLANNED failure' })
  @IsIn(OUTAGE_KINDS)
  kind!: OutageKind;

  @ApiPropertyOptional({ example: 'HH-1', description: 'The whole site is affected' })
  @IsOptional()
  @IsString()
  @Length(1, 36)
  siteId?: string;

  @ApiPropertyOptional({ type: [String], description: 'These EVSEs are affected' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @IsString({ each: true })
  @Length(1, 64, { each: true })
  evseIds?: string[];

  @ApiProperty({ example: '2026-03-02T08:00:00Z' })
  @IsString()
  startsAt!: string;

  @ApiPropertyOptional({ example: '2026-03-02T12:00:00Z', description: 'Expected end; leave out while unknown' })
  @IsOptional()
  @IsString()
  endsAt?: string;

  @ApiPropertyOptional({ example: 'Transformer maintenance' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  description?: string;
}
