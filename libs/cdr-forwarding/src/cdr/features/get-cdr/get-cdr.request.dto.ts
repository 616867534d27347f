import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString } from 'class-validator';

export class GetCdrRequestDto {
  @ApiProperty({ description: 'Party id of the CPO that sent the CDR (CDR ids are unique per CPO)', example: 'DEABC' })
  @IsString()
  @IsNotEmpty()
  cpoPartyId!: string;
}
