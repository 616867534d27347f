/** The hub's decision on a remote start, as the command needs it. */
export type StartAuthorization =
  { authorizationId: string; status: 'granted' } | { authorizationId: string; status: 'denied'; reason: string };
