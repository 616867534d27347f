import { CLEARING_HOUSE_NAMESPACE, uuidV5 } from '@roaming/shared-kernel';

/** Stream naming of the charging session aggregate: `session-<sessionId>`. */
export const SESSION_CATEGORY = 'session';

export function sessionStream(sessionId: string): string {
  if (sessionId.length === 0) throw new Error('sessionId must not be empty');
  return `${SESSION_CATEGORY}-${sessionId}`;
}

/** One authorization becomes at most one session: its id follows from the authorization's. */
export function sessionIdOfAuthorization(authorizationId: string): string {
  return uuidV5(`session:${authorizationId}`, CLEARING_HOUSE_NAMESPACE);
}

/** A start without an authorization is known by the CPO's own session id. */
export function sessionIdOfOfflineStart(cpoPartyId: string, cpoSessionId: string): string {
  return uuidV5(`session-offline:${cpoPartyId}:${cpoSessionId}`, CLEARING_HOUSE_NAMESPACE);
}
