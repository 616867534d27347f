import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { TOKEN_TYPES, type TokenType } from '../../domain/ev-contract.events';

export class ContractTokenDto {
  @ApiProperty({
    description: 'RFID: card UID in hex (separators allowed); APP: opaque id; PLUG_AND_CHARGE: the contract EMAID.',
    example: '04A2B3C4D5E6F7',
  })
  @IsString()
  @MaxLength(64)
  uid!: string;

  @ApiProperty({ enum: TOKEN_TYPES })
  @IsIn(TOKEN_TYPES)
  type!: TokenType;
}

export class RegisterContractRequestDto {
  @ApiProperty({
    description: 'ISO 15118 EMAID; its provider id must be one of your party ids.',
    example: 'NL-EVB-C00000001-I',
  })
  @IsString()
  @MaxLength(32)
  emaid!: string;

  @ApiProperty({ type: [ContractTokenDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ContractTokenDto)
  tokens!: ContractTokenDto[];

  @ApiPropertyOptional({ description: 'End of validity (ISO-8601); tokens count as expired afterwards.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  validUntil?: string;
}
