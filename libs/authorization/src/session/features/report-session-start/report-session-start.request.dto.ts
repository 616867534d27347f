import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsISO8601, IsObject, IsOptional, IsString, IsUUID, Length, ValidateNested } from 'class-validator';
import { PresentedTokenDto } from '../../../authorization/features/authorize-token/authorize-token.request.dto';

/**
 * The CPO reports that energy transfer began: for an authorization the hub gave (`authorizationId`), or for a
 * token its EVSE let charge offline from its whitelist (`token`, IEC 63119-2 UC4-2). Exactly one of the two.
 */
export class ReportSessionStartDto {
  @ApiProperty({ description: 'Your own id of the session.', example: 'cpo-session-4711' })
  @IsString()
  @Length(1, 64)
  cpoSessionId!: string;

  @ApiProperty({ example: 'DE*ABC*E123456*1' })
  @IsString()
  @Length(1, 64)
  evseId!: string;

  @ApiProperty({ format: 'date-time' })
  @IsISO8601({ strict: true })
  startedAt!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The authorization the hub gave for this start.' })
  @IsOptional()
  @IsUUID()
  authorizationId?: string;

  @ApiPropertyOptional({ type: PresentedTokenDto, description: 'The token of a start allowed offline.' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => PresentedTokenDto)
  token?: PresentedTokenDto;
}
