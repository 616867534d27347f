import { DomainError } from '@roaming/shared-kernel';

export const SessionErrors = {
  notFound: (sessionId: string): DomainError =>
    DomainError.notFound('SESSION_NOT_FOUND', `Session ${sessionId} does not exist.`, { sessionId }),
  authorizationNotFound: (authorizationId: string): DomainError =>
    DomainError.notFound('AUTHORIZATION_NOT_FOUND', `Authorization ${authorizationId} does not exist.`, {
      authorizationId,
    }),
  authorizationNotGranted: (authorizationId: string): DomainError =>
    DomainError.illegalState(
      'AUTHORIZATION_NOT_GRANTED',
      `authorization ${authorizationId} was denied: no session may start on it`,
      { authorizationId },
    ),
  evseMismatch: (authorizationId: string, evseId: string): DomainError =>
    DomainError.conflict(
      'SESSION_EVSE_MISMATCH',
      `authorization ${authorizationId} was given for another EVSE than ${evseId}`,
      { authorizationId, evseId },
    ),
  alreadyStarted: (sessionId: string): DomainError =>
    DomainError.conflict('SESSION_EXISTS', `session ${sessionId} was already reported with other details`, {
      sessionId,
    }),
  notActive: (sessionId: string): DomainError =>
    DomainError.illegalState('SESSION_NOT_ACTIVE', `session ${sessionId} is not running`, { sessionId }),
  alreadyEnded: (sessionId: string): DomainError =>
    DomainError.illegalState('SESSION_ALREADY_ENDED', `session ${sessionId} already ended differently`, {
      sessionId,
    }),
  startInFuture: (): DomainError =>
    DomainError.validation('SESSION_START_IN_FUTURE', 'startedAt lies in the future', {
      field: 'startedAt',
      rule: 'not-future',
    }),
  endBeforeStart: (): DomainError =>
    DomainError.validation('SESSION_END_BEFORE_START', 'endedAt lies before the session started', {
      field: 'endedAt',
      rule: 'after-start',
    }),
  measuredBeforeStart: (): DomainError =>
    DomainError.validation('SESSION_PROGRESS_BEFORE_START', 'measuredAt lies before the session started', {
      field: 'measuredAt',
      rule: 'after-start',
    }),
  energyDecreased: (field: string): DomainError =>
    DomainError.validation('SESSION_ENERGY_DECREASED', `${field} is lower than energy already reported`, {
      field,
      rule: 'not-decreasing',
    }),
};
