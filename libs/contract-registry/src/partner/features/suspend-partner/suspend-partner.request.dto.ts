import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class SuspendPartnerRequestDto {
  @ApiPropertyOptional({ description: 'Why the partner is suspended (kept in the audit trail).', maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}
