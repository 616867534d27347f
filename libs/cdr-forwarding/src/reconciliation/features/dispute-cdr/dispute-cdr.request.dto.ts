import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { type DisputeReason, DISPUTE_REASONS } from '../../domain';

export class DisputeCdrRequestDto {
  @ApiProperty({ enum: DISPUTE_REASONS, example: 'WRONG_PRICE' })
  @IsIn(DISPUTE_REASONS)
  reasonCode!: DisputeReason;

  @ApiProperty({
    description: 'Your explanation for the CPO',
    maxLength: 500,
    example: 'The agreed tariff gives 7.20 EUR',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason!: string;
}
