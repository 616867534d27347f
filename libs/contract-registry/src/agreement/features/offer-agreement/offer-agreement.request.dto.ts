import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, MaxLength } from 'class-validator';
import { TIMEOUT_POLICIES, type TimeoutPolicy } from '../../domain/agreement.events';

export class OfferAgreementRequestDto {
  @ApiProperty({ description: 'The offering CPO; the caller must act for it.', example: 'DE*ABC' })
  @IsString()
  @MaxLength(16)
  cpoPartyId!: string;

  @ApiProperty({
    description: 'The EVSP the agreement is offered to (a registered partner with role emsp).',
    example: 'NL-EVB',
  })
  @IsString()
  @MaxLength(16)
  emspPartyId!: string;

  @ApiProperty({ description: 'Start of validity, ISO-8601 with time zone.', example: '2026-04-01T00:00:00Z' })
  @IsISO8601({ strict: true })
  validFrom!: string;

  @ApiPropertyOptional({ description: 'End of validity (exclusive), after validFrom; omit for open-ended.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  validUntil?: string;

  @ApiPropertyOptional({
    description:
      "A negotiated tariff of the CPO that overrides its public tariff for this EVSP (the CPO's tariff id). " +
      'Omit to apply the public tariff.',
    example: 'ROAMING-NLEVB-2026',
  })
  @IsOptional()
  @IsString()
  @MaxLength(36)
  tariffId?: string;

  @ApiPropertyOptional({
    enum: TIMEOUT_POLICIES,
    default: 'deny',
    description:
      'When the EVSP keeps its contracts at home and its authorization endpoint does not answer in time: deny the ' +
      "start, or let it go ahead at the EVSP's risk (allow-offline).",
  })
  @IsOptional()
  @IsIn(TIMEOUT_POLICIES)
  timeoutPolicy?: TimeoutPolicy;
}
