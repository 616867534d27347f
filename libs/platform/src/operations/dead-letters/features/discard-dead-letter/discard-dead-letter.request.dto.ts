import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class DiscardDeadLetterRequestDto {
  @ApiProperty({ description: 'Why the message is not to be applied; kept with the letter.', example: 'duplicate' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason!: string;
}
