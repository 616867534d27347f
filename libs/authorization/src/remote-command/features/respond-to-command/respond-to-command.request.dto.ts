import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';

/** The CPO's answer to a remote start or stop the hub relayed to it. */
export class RespondToCommandDto {
  @ApiProperty({ enum: ['ACCEPTED', 'REJECTED'] })
  @IsIn(['ACCEPTED', 'REJECTED'])
  result!: 'ACCEPTED' | 'REJECTED';

  @ApiPropertyOptional({
    description: 'Why it was rejected (EVSE occupied, out of order, …).',
    example: 'EVSE_OCCUPIED',
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  reason?: string;
}
