import { DomainError } from '@roaming/shared-kernel';

export const RemoteCommandErrors = {
  exists: (commandId: string): DomainError =>
    DomainError.conflict('REMOTE_COMMAND_EXISTS', `command ${commandId} was already asked for something else`, {
      commandId,
    }),
  notFound: (commandId: string): DomainError =>
    DomainError.notFound('REMOTE_COMMAND_NOT_FOUND', `Command ${commandId} does not exist.`, { commandId }),
  closed: (commandId: string, status: string): DomainError =>
    DomainError.illegalState('REMOTE_COMMAND_CLOSED', `command ${commandId} is already ${status}`, {
      commandId,
      status,
    }),
  sessionNotActive: (sessionId: string): DomainError =>
    DomainError.illegalState('SESSION_NOT_ACTIVE', `session ${sessionId} is not running: there is nothing to stop`, {
      sessionId,
    }),
  sessionNotFound: (sessionId: string): DomainError =>
    DomainError.notFound('SESSION_NOT_FOUND', `Session ${sessionId} does not exist.`, { sessionId }),
};
