import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  CONTRACT_STATUSES,
  type ContractStatus,
  SERVICES,
  TOKEN_TYPES,
  type TokenType,
} from '../domain/contract-record';
import { MAX_TOKENS_PER_CONTRACT } from '../domain/contract-token';

export class ContractTokenDto {
  @ApiProperty({
    description:
      'RFID: card UID in hex (separators allowed); APP: opaque app or QR code id; PLUG_AND_CHARGE: the contract EMAID.',
    example: '04A2B3C4D5E6F7',
  })
  @IsString()
  @MaxLength(64)
  uid!: string;

  @ApiProperty({ enum: TOKEN_TYPES })
  @IsIn(TOKEN_TYPES)
  type!: TokenType;

  @ApiPropertyOptional({ enum: CONTRACT_STATUSES, default: 'active' })
  @IsOptional()
  @IsIn(CONTRACT_STATUSES)
  status?: ContractStatus;

  @ApiPropertyOptional({
    description:
      'PLUG_AND_CHARGE only: the id of the ISO 15118 contract certificate at its PKI (never the certificate).',
    maxLength: 128,
  })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  contractCertificateId?: string;
}

/** The contract's record besides its EMAID: what POST and PUT take. Fields left out take their defaults. */
export class ContractTermsDto {
  @ApiPropertyOptional({ enum: CONTRACT_STATUSES, default: 'active' })
  @IsOptional()
  @IsIn(CONTRACT_STATUSES)
  status?: ContractStatus;

  @ApiPropertyOptional({
    description: 'End of validity (ISO-8601, exclusive); tokens count as expired afterwards. Omit for open-ended.',
    nullable: true,
    type: String,
  })
  @IsOptional()
  @ValidateIf((_dto, value) => value !== null)
  @IsISO8601({ strict: true })
  validUntil?: string | null;

  @ApiPropertyOptional({
    description: 'Services the contract allows (GeM 981/982); omit for no restriction.',
    enum: SERVICES,
    isArray: true,
    nullable: true,
  })
  @IsOptional()
  @ValidateIf((_dto, value) => value !== null)
  @IsArray()
  @IsIn(SERVICES, { each: true })
  allowedServices?: string[] | null;

  @ApiPropertyOptional({
    description: 'May CPOs accept its tokens from the offline whitelist (IEC 63119 UC4-2)? Default true.',
    default: true,
  })
  @IsOptional()
  @IsBoolean()
  allowOffline?: boolean;

  @ApiProperty({ type: [ContractTokenDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_TOKENS_PER_CONTRACT)
  @ValidateNested({ each: true })
  @Type(() => ContractTokenDto)
  tokens!: ContractTokenDto[];
}
