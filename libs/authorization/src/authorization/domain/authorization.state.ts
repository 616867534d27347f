import type { AuthorizationDenied, AuthorizationEvent, AuthorizationGranted } from './authorization.events';

/** One authorization is decided exactly once: before that the stream is empty, afterwards it holds the outcome. */
export type AuthorizationState =
  | { status: 'undecided' }
  | ({ status: 'granted' } & AuthorizationGranted['data'])
  | ({ status: 'denied' } & AuthorizationDenied['data']);

export function initialAuthorizationState(): AuthorizationState {
  return { status: 'undecided' };
}

export function evolveAuthorization(_state: AuthorizationState, event: AuthorizationEvent): AuthorizationState {
  switch (event.type) {
    case 'AuthorizationGranted':
      return { status: 'granted', ...event.data };
    case 'AuthorizationDenied':
      return { status: 'denied', ...event.data };
  }
}
