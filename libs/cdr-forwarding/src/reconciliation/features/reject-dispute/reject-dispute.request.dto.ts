import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class RejectDisputeRequestDto {
  @ApiProperty({ description: 'Why the record stands', maxLength: 500, example: 'Priced per the agreed tariff T-1' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason!: string;
}
