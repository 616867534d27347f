import { Injectable } from '@nestjs/common';
import { DomainError } from '@roaming/shared-kernel';
import { parseEvse, parsePresentedToken } from '../../../authorization/application/authorization-request-parsing';
import { type Reporter, SessionReports } from '../../application/session-reports';
import { SessionResponseDto } from '../session.response.dto';

export interface SessionStartInput {
  cpoSessionId: string;
  evseId: string;
  startedAt: string;
  authorizationId?: string;
  token?: { uid: string; type: 'RFID' | 'APP' | 'PLUG_AND_CHARGE' | 'EMAID' };
}

/** Checks a start report from any door (REST, Kafka) and hands it to the session aggregate. */
@Injectable()
export class ReportSessionStartHandler {
  constructor(private readonly reports: SessionReports) {}

  async execute(input: SessionStartInput, reporter: Reporter): Promise<SessionResponseDto> {
    const { evseId, cpoPartyId } = parseEvse(input.evseId);
    if ((input.authorizationId === undefined) === (input.token === undefined)) {
      throw DomainError.validation(
        'SESSION_START_BASIS',
        'a session starts on an authorizationId, or on the token of an offline start: give exactly one',
        { field: 'authorizationId', rule: 'exactly-one-of-authorizationId-token' },
      );
    }
    if (!reporter.partyIds.includes(cpoPartyId)) {
      throw DomainError.forbidden(
        'EVSE_NOT_OWNED',
        `EVSE ${evseId} belongs to operator ${cpoPartyId}, for which the caller does not act.`,
        { evseId, operatorId: cpoPartyId },
      );
    }
    const startedAt = new Date(input.startedAt);
    if (Number.isNaN(startedAt.getTime())) {
      throw DomainError.validation('REQUEST_INVALID', 'startedAt must be an ISO-8601 instant', {
        field: 'startedAt',
        rule: 'isIso8601',
      });
    }
    const state = await this.reports.start(
      {
        cpoSessionId: input.cpoSessionId,
        evseId,
        cpoPartyId,
        startedAt: startedAt.toISOString(),
        ...(input.authorizationId !== undefined ? { authorizationId: input.authorizationId } : {}),
        ...(input.token !== undefined ? { token: parsePresentedToken(input.token) } : {}),
      },
      reporter,
    );
    if (state.status === 'NONE') throw new Error('the session start was not recorded');
    return SessionResponseDto.of(state);
  }
}
