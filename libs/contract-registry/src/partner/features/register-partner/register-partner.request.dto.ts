import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { MAX_ROAMING_PARTNERS } from '../../domain/roaming-partners';
import { SetPartnerEndpointsRequestDto } from '../set-partner-endpoints/set-partner-endpoints.request.dto';
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
    description:
      'Market party ids the partner acts for (DE*ABC, DE-ABC or DEABC); stored normalised (DEABC). At least one, ' +
      'except for an auditor, which has none.',
    type: [String],
    example: ['DE*ABC'],
  })
  @IsArray()
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

  @ApiPropertyOptional({ type: SetPartnerEndpointsRequestDto, description: 'Endpoints; can be set later too.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => SetPartnerEndpointsRequestDto)
  endpoints?: SetPartnerEndpointsRequestDto;

  @ApiPropertyOptional({
    description: "An EVSP's roaming partners: party ids of registered CPOs (GeM 1291); can be declared later too.",
    type: [String],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_ROAMING_PARTNERS)
  @IsString({ each: true })
  roamingPartners?: string[];
}
