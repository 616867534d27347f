import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { RemoteCommandKind, RemoteCommandState, RemoteCommandStatus } from '../domain';

/** A remote command as the EVSP that asked and the CPO that carries it out see it. */
export class RemoteCommandResponseDto {
  @ApiProperty({ format: 'uuid' })
  commandId!: string;

  @ApiProperty({ enum: ['START_SESSION', 'STOP_SESSION'] })
  kind!: RemoteCommandKind;

  @ApiProperty({
    enum: ['REQUESTED', 'ACCEPTED', 'REJECTED', 'TIMED_OUT', 'REFUSED'],
    description:
      'REQUESTED: relayed to the CPO, waiting for its answer; ACCEPTED/REJECTED: the CPO answered; TIMED_OUT: it ' +
      'did not answer by respondBy; REFUSED: the hub did not relay it (the start was not authorized, see reason).',
  })
  status!: RemoteCommandStatus;

  @ApiProperty({ example: 'DE*ABC*E123456*1' })
  evseId!: string;

  @ApiProperty({ example: 'DEABC' })
  cpoPartyId!: string;

  @ApiProperty({ example: 'DE8AA' })
  emspPartyId!: string;

  @ApiPropertyOptional({ description: 'START_SESSION: the contract to charge.' })
  emaid?: string;

  @ApiPropertyOptional({ description: 'START_SESSION: the authorization the hub gave (or refused) for the start.' })
  authorizationId?: string;

  @ApiPropertyOptional({ description: 'STOP_SESSION: the session to stop.' })
  sessionId?: string;

  @ApiPropertyOptional({ description: "The CPO's reason for a rejection, or the hub's denial reason for a refusal." })
  reason?: string;

  @ApiProperty({ format: 'date-time' })
  requestedAt!: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'The CPO must answer by then, or the command times out.' })
  respondBy?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'When the command reached its final status.' })
  closedAt?: string;

  static of(state: Exclude<RemoteCommandState, { status: 'NONE' }>): RemoteCommandResponseDto {
    return {
      commandId: state.commandId,
      kind: state.kind,
      status: state.status,
      evseId: state.evseId,
      cpoPartyId: state.cpoPartyId,
      emspPartyId: state.emspPartyId,
      ...(state.emaid ? { emaid: state.emaid } : {}),
      ...(state.authorizationId ? { authorizationId: state.authorizationId } : {}),
      ...(state.sessionId ? { sessionId: state.sessionId } : {}),
      ...(state.reason ? { reason: state.reason } : {}),
      requestedAt: state.requestedAt,
      ...(state.respondBy ? { respondBy: state.respondBy } : {}),
      ...(state.closedAt ? { closedAt: state.closedAt } : {}),
    };
  }
}
