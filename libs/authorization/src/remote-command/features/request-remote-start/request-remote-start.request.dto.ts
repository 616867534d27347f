import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';

/** IEC 63119-2 UC3-2 / eMI3 UCE AA ext. 1.2.2.1: the EVSP asks the hub to start charging for one of its contracts. */
export class RequestRemoteStartDto {
  @ApiProperty({ description: 'The EVSE to start at (ISO 15118-2 EVSE id).', example: 'DE*ABC*E123456*1' })
  @IsString()
  @Length(1, 64)
  evseId!: string;

  @ApiProperty({ description: 'Your customer contract to charge (eMA id).', example: 'DE-8AA-CA2B3C4D5-L' })
  @IsString()
  @Length(1, 32)
  emaid!: string;

  @ApiPropertyOptional({ description: 'The e-mobility service asked for; default CHARGING.', example: 'CHARGING' })
  @IsOptional()
  @IsString()
  @Length(1, 40)
  service?: string;
}
