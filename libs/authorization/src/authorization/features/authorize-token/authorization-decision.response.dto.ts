import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AUTHORIZATION_DENIAL_REASONS, type AuthorizationDenialReason, type DecidedBy } from '../../domain';
import type { DecidedAuthorization } from '../../application/authorization-switch';

/** The hub's yes or no (eMI3 UCE AA "Response: yes or no"), with what the CPO needs to bill and route. */
export class AuthorizationDecisionResponseDto {
  @ApiProperty({
    format: 'uuid',
    description: 'The authorization reference: quote it when reporting the session start and in the CDR.',
  })
  authorizationId!: string;

  @ApiProperty({ enum: ['ACCEPTED', 'DENIED'] })
  status!: 'ACCEPTED' | 'DENIED';

  @ApiPropertyOptional({
    enum: AUTHORIZATION_DENIAL_REASONS,
    description: 'Why the token may not charge (DENIED only).',
  })
  reason?: AuthorizationDenialReason;

  @ApiPropertyOptional({ description: 'The contract the session is billed to (ACCEPTED only).' })
  emaid?: string;

  @ApiPropertyOptional({ description: "The token's provider (EVSP), when the token is known." })
  emspPartyId?: string;

  @ApiPropertyOptional({ description: 'The roaming agreement the session falls under (ACCEPTED only).' })
  agreementId?: string;

  @ApiPropertyOptional({
    type: [String],
    nullable: true,
    description:
      'The e-mobility services the contract allows here (ACCEPTED only; GeM 981/982); null: it restricts none.',
  })
  allowedServices?: string[] | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: "The negotiated tariff the session is rated with; null: the CPO's published tariff (ACCEPTED only).",
  })
  tariffId?: string | null;

  @ApiProperty({
    enum: ['hub', 'emsp', 'timeout-policy'],
    description:
      "Who decided: the hub from its records, the home EVSP in real time, or the agreement's timeout policy.",
  })
  decidedBy!: DecidedBy;

  @ApiProperty({ example: 'DE*ABC*E123456*1' })
  evseId!: string;

  static of(state: DecidedAuthorization): AuthorizationDecisionResponseDto {
    const decidedBy = state.decidedBy ?? 'hub';
    if (state.status === 'granted') {
      return {
        authorizationId: state.authorizationId,
        status: 'ACCEPTED',
        emaid: state.emaid,
        emspPartyId: state.emspPartyId,
        agreementId: state.agreementId,
        allowedServices: state.allowedServices ?? null,
        tariffId: state.tariffId ?? null,
        decidedBy,
        evseId: state.evseId,
      };
    }
    return {
      authorizationId: state.authorizationId,
      status: 'DENIED',
      reason: state.reason,
      ...(state.emspPartyId ? { emspPartyId: state.emspPartyId } : {}),
      decidedBy,
      evseId: state.evseId,
    };
  }
}
