import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, IsIn, IsISO8601, IsOptional, IsString, MaxLength, ValidateIf } from 'class-validator';
import { TIMEOUT_POLICIES, type TimeoutPolicy } from '../../domain/agreement.events';
import { AgreementReasonDto } from '../agreement-reason.dto';

export class ChangeRequestDto extends AgreementReasonDto {
  @ApiPropertyOptional({
    description: 'New end of validity (ISO-8601, exclusive); null = open-ended; omit to keep the current end.',
    nullable: true,
    type: String,
  })
  @IsOptional()
  @ValidateIf((_dto, value) => value !== null)
  @IsISO8601({ strict: true })
  validUntil?: string | null;

  @ApiPropertyOptional({
    description:
      "A negotiated tariff of the CPO; null = back to the CPO's public tariff; omit to keep the current one.",
    nullable: true,
    type: String,
  })
  @IsOptional()
  @ValidateIf((_dto, value) => value !== null)
  @IsString()
  @MaxLength(36)
  tariffId?: string | null;

  @ApiPropertyOptional({ enum: TIMEOUT_POLICIES, description: 'A new timeout policy; omit to keep the current one.' })
  @IsOptional()
  @IsIn(TIMEOUT_POLICIES)
  timeoutPolicy?: TimeoutPolicy;
}

export class ProlongationRequestDto extends AgreementReasonDto {
  @ApiPropertyOptional({
    description: 'The new, later end of validity (ISO-8601, exclusive); null = prolong without end. Required.',
    nullable: true,
    type: String,
  })
  @IsDefined()
  @ValidateIf((_dto, value) => value !== null)
  @IsISO8601({ strict: true })
  validUntil!: string | null;
}
