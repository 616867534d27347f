import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsString } from 'class-validator';
import { MAX_ROAMING_PARTNERS } from '../../domain/roaming-partners';

export class DeclareRoamingPartnersRequestDto {
  @ApiProperty({
    description: 'Party ids of the CPOs the EVSP roams with (GeM 1291); replaces the list declared before.',
    type: [String],
    example: ['DE*ABC', 'FR-XYZ'],
  })
  @IsArray()
  @ArrayMaxSize(MAX_ROAMING_PARTNERS)
  @IsString({ each: true })
  roamingPartners!: string[];
}
