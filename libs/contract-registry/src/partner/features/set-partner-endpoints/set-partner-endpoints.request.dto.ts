import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsOptional, IsString, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { MAX_AUTHORIZATION_TIMEOUT_MS, MAX_URL_LENGTH } from '../../domain/partner-endpoints';

/** Fields left out keep their value; null clears a URL or the timeout. */
export class SetPartnerEndpointsRequestDto {
  @ApiPropertyOptional({
    description: 'Where the hub delivers to the partner (CDRs, notifications): https.',
    nullable: true,
    type: String,
    example: 'https://backend.example.com/roaming/webhook',
  })
  @IsOptional()
  @ValidateIf((_dto, value) => value !== null)
  @IsString()
  @MaxLength(MAX_URL_LENGTH)
  webhookUrl?: string | null;

  @ApiPropertyOptional({
    description:
      "An EVSP's real-time authorization endpoint, asked when its contracts are kept at home (IEC 63119 UC4-1).",
    nullable: true,
    type: String,
  })
  @IsOptional()
  @ValidateIf((_dto, value) => value !== null)
  @IsString()
  @MaxLength(MAX_URL_LENGTH)
  authorizationUrl?: string | null;

  @ApiPropertyOptional({
    description: "A CPO's endpoint for remote start/stop commands.",
    nullable: true,
    type: String,
  })
  @IsOptional()
  @ValidateIf((_dto, value) => value !== null)
  @IsString()
  @MaxLength(MAX_URL_LENGTH)
  commandUrl?: string | null;

  @ApiPropertyOptional({
    description:
      'false: the EVSP keeps its contracts at home and the hub asks authorizationUrl (required then); ' +
      'true (default): its contracts and tokens are registered here.',
  })
  @IsOptional()
  @IsBoolean()
  storesContractsAtHub?: boolean;

  @ApiPropertyOptional({
    description: `How long the hub waits for authorizationUrl, 1 to ${MAX_AUTHORIZATION_TIMEOUT_MS} ms; null = default.`,
    nullable: true,
    type: Number,
  })
  @IsOptional()
  @ValidateIf((_dto, value) => value !== null)
  @IsInt()
  @Min(1)
  @Max(MAX_AUTHORIZATION_TIMEOUT_MS)
  authorizationTimeoutMs?: number | null;
}
