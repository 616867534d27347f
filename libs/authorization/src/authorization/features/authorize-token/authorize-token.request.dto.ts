import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsObject, IsOptional, IsString, Length, ValidateNested } from 'class-validator';
import type { AuthorizationTokenType } from '../../domain';

export const TOKEN_TYPES: readonly AuthorizationTokenType[] = ['RFID', 'APP', 'PLUG_AND_CHARGE', 'EMAID'];

export class PresentedTokenDto {
  @ApiProperty({
    description:
      'RFID: the card UID as hex bytes (04A2B3C4D5E6F7, separators ":" or " " allowed); APP: the app or QR token ' +
      'the provider issued; EMAID or PLUG_AND_CHARGE: the contract id (eMA id, ISO 15118-2 Annex H).',
    example: '04A2B3C4D5E6F7',
  })
  @IsString()
  @Length(1, 255)
  uid!: string;

  @ApiProperty({ enum: TOKEN_TYPES, example: 'RFID' })
  @IsIn(TOKEN_TYPES)
  type!: AuthorizationTokenType;
}

/** IEC 63119-2 UC3-1: a token presented at one of the caller's EVSEs. */
export class AuthorizeTokenRequestDto {
  @ApiProperty({
    description: 'ISO 15118-2 EVSE id; its operator id must be one of the calling CPO party ids.',
    example: 'DE*ABC*E123456*1',
  })
  @IsString()
  @Length(1, 64)
  evseId!: string;

  @ApiProperty({ type: PresentedTokenDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => PresentedTokenDto)
  token!: PresentedTokenDto;

  @ApiPropertyOptional({
    description: 'The e-mobility service asked for (GeM 981); default CHARGING.',
    example: 'CHARGING',
  })
  @IsOptional()
  @IsString()
  @Length(1, 40)
  service?: string;
}
