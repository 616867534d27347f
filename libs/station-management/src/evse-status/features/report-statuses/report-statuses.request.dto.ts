import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsOptional, IsString, Length, ValidateNested } from 'class-validator';
import { EVSE_STATUSES } from '../../domain';

/** The status is checked by the domain, so that an unknown value is refused as EVSE_STATUS_UNKNOWN. */
export class StatusReportDto {
  @ApiProperty({ example: 'DE*ABC*E1001*1' })
  @IsString()
  @Length(1, 64)
  evseId!: string;

  @ApiProperty({ enum: EVSE_STATUSES })
  @IsString()
  status!: string;

  @ApiPropertyOptional({ description: 'When the operator observed it (default: when the hub received it)' })
  @IsOptional()
  @IsString()
  observedAt?: string;
}

export const MAX_STATUS_REPORTS = 1000;

export class ReportStatusesRequestDto {
  @ApiProperty({ type: [StatusReportDto], maxItems: MAX_STATUS_REPORTS })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_STATUS_REPORTS)
  @ValidateNested({ each: true })
  @Type(() => StatusReportDto)
  statuses!: StatusReportDto[];
}
