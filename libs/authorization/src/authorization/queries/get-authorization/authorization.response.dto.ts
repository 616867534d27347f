import { ApiProperty } from '@nestjs/swagger';
import { AuthorizationDecisionResponseDto } from '../../features/authorize-token/authorization-decision.response.dto';

/** An authorization as read back: the decision plus what was asked, and when. */
export class AuthorizationResponseDto extends AuthorizationDecisionResponseDto {
  @ApiProperty({ example: 'DEABC' })
  cpoPartyId!: string;

  @ApiProperty({ example: '04A2B3C4D5E6F7' })
  tokenUid!: string;

  @ApiProperty({ enum: ['RFID', 'APP', 'PLUG_AND_CHARGE', 'EMAID'] })
  tokenType!: string;

  @ApiProperty({ enum: ['LOCAL', 'PLUG_AND_CHARGE', 'REMOTE'] })
  method!: string;

  @ApiProperty({ format: 'date-time' })
  requestedAt!: string;
}
