import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { PARTNER_ROLES, type PartnerRole } from '../../domain/partner.events';
import { PARTNER_CONTRACT_VERSION_MAX_LENGTH, PARTNER_NAME_MAX_LENGTH } from '../../domain/partner-registration';

export class RegisterPartnerRequestDto {
  @ApiProperty({ description: 'Company name of the business partner.', example: 'Example Charging GmbH' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(PARTNER_NAME_MAX_LENGTH)
  name!: string;

  @ApiProperty({ enum: PARTNER_ROLES, isArray: true, example: ['cpo'] })
  @IsArray()
  @ArrayMinSize(1)
  @IsIn(PARTNER_ROLES, { each: true })
  roles!: PartnerRole[];

  @ApiProperty({
    description: 'Market party ids the partner acts for (DE*ABC, DE-ABC or DEABC); stored normalised (DEABC).',
    type: [String],
    example: ['DE*ABC'],
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsString({ each: true })
  partyIds!: string[];

  @ApiProperty({
    description: 'Version of the partner contract the partner accepted (GeM UC 1374).',
    example: 'PC-2026-01',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(PARTNER_CONTRACT_VERSION_MAX_LENGTH)
  partnerContractVersion!: string;
}
