import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

/** The body of the steps that may say why (decline, suspend, terminate, …); kept in the agreement's history. */
export class AgreementReasonDto {
  @ApiPropertyOptional({ description: 'Why, in a sentence; kept in the history. No personal data.', maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}
