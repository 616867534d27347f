import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { SessionState } from '../domain';

/** A charging session as its CPO and the EVSP of its contract see it. */
export class SessionResponseDto {
  @ApiProperty({ format: 'uuid', description: "The hub's id: quote it in progress and end reports." })
  sessionId!: string;

  @ApiProperty({
    enum: ['ACTIVE', 'ENDED', 'REFUSED'],
    description: 'REFUSED: an offline start the hub does not accept (recorded, see reason).',
  })
  status!: 'ACTIVE' | 'ENDED' | 'REFUSED';

  @ApiProperty()
  cpoSessionId!: string;

  @ApiProperty({ example: 'DE*ABC*E123456*1' })
  evseId!: string;

  @ApiProperty({ example: 'DEABC' })
  cpoPartyId!: string;

  @ApiPropertyOptional({ example: 'DE8AA' })
  emspPartyId?: string;

  @ApiPropertyOptional()
  emaid?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The authorization it started on; none for an offline start.' })
  authorizationId?: string;

  @ApiProperty({ description: 'Started while the EVSE could not reach the hub (IEC 63119-2 UC4-2).' })
  offline!: boolean;

  @ApiPropertyOptional({ type: String, nullable: true })
  tariffId?: string | null;

  @ApiProperty({ format: 'date-time' })
  startedAt!: string;

  @ApiPropertyOptional({ description: 'Energy delivered so far, or in total once ended (Wh).' })
  energyWh?: number;

  @ApiPropertyOptional({ enum: ['CHARGING', 'SUSPENDED_EV', 'SUSPENDED_EVSE', 'IDLE'] })
  chargingStatus?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  endedAt?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'When the hub flagged it as open past its limit.' })
  overdueFlaggedAt?: string;

  @ApiPropertyOptional({ type: [String], description: 'The CDRs the CPO sent for it.' })
  cdrIds?: string[];

  @ApiPropertyOptional({ description: 'Why an offline start was refused.' })
  reason?: string;

  static of(state: Exclude<SessionState, { status: 'NONE' }>): SessionResponseDto {
    const base = {
      sessionId: state.sessionId,
      cpoSessionId: state.cpoSessionId,
      evseId: state.evseId,
      cpoPartyId: state.cpoPartyId,
      startedAt: state.startedAt,
    };
    if (state.status === 'REFUSED') {
      return {
        ...base,
        status: 'REFUSED',
        ...(state.emspPartyId ? { emspPartyId: state.emspPartyId } : {}),
        offline: true,
        reason: state.reason,
      };
    }
    return {
      ...base,
      status: state.status,
      emspPartyId: state.emspPartyId,
      emaid: state.emaid,
      ...(state.authorizationId ? { authorizationId: state.authorizationId } : {}),
      offline: state.offline,
      tariffId: state.tariffId,
      energyWh: state.energyWh,
      ...(state.chargingStatus ? { chargingStatus: state.chargingStatus } : {}),
      ...(state.endedAt ? { endedAt: state.endedAt } : {}),
      ...(state.overdueFlaggedAt ? { overdueFlaggedAt: state.overdueFlaggedAt } : {}),
      cdrIds: state.cdrIds,
    };
  }
}
