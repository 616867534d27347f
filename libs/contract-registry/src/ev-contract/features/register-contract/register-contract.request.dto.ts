import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { ContractTermsDto } from '../contract-record.dto';

export class RegisterContractRequestDto extends ContractTermsDto {
  @ApiProperty({
    description: 'ISO 15118 EMAID; its provider id must be one of your party ids.',
    example: 'NL-EVB-C00000001-I',
  })
  @IsString()
  @MaxLength(32)
  emaid!: string;
}
