import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { AuthorizationDenialReason, AuthorizationState } from '../../domain';

const DENIAL_REASONS: readonly AuthorizationDenialReason[] = [
  'UNKNOWN_TOKEN',
  'TOKEN_BLOCKED',
  'TOKEN_EXPIRED',
  'TOKEN_STOLEN',
  'TOKEN_DEACTIVATED',
  'NO_ROAMING_AGREEMENT',
  'PROVIDER_SUSPENDED',
];

/** The hub's yes or no (eMI3 UCE AA "Response: yes or no"), with what the CPO needs to bill and route. */
export class AuthorizationDecisionResponseDto {
  @ApiProperty({ format: 'uuid' })
  authorizationId!: string;

  @ApiProperty({ enum: ['ACCEPTED', 'DENIED'] })
  status!: 'ACCEPTED' | 'DENIED';

  @ApiPropertyOptional({ enum: DENIAL_REASONS, description: 'Why the token may not charge (DENIED only).' })
  reason?: AuthorizationDenialReason;

  @ApiPropertyOptional({ description: 'The contract the session is billed to (ACCEPTED only).' })
  emaid?: string;

  @ApiPropertyOptional({ description: "The token's provider (EVSP), when the token is known." })
  emspPartyId?: string;

  @ApiPropertyOptional({ description: 'The roaming agreement the session falls under (ACCEPTED only).' })
  agreementId?: string;

  @ApiProperty({ example: 'DE*ABC*E123456*1' })
  evseId!: string;

  static of(state: Exclude<AuthorizationState, { status: 'undecided' }>): AuthorizationDecisionResponseDto {
    if (state.status === 'granted') {
      return {
        authorizationId: state.authorizationId,
        status: 'ACCEPTED',
        emaid: state.emaid,
        emspPartyId: state.emspPartyId,
        agreementId: state.agreementId,
        evseId: state.evseId,
      };
    }
    return {
      authorizationId: state.authorizationId,
      status: 'DENIED',
      reason: state.reason,
      ...(state.emspPartyId ? { emspPartyId: state.emspPartyId } : {}),
      evseId: state.evseId,
    };
  }
}
