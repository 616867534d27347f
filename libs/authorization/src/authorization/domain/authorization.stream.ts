/**
 * Stream naming of the authorization aggregate: `authorization-<authorizationId>` (message-db grammar
 * `{category}-{id}`). Built here, without the event store's helper, so that domain/ depends on nothing but the
 * shared kernel; the category is a constant the helper would accept.
 */
export const AUTHORIZATION_CATEGORY = 'authorization';

export function authorizationStream(authorizationId: string): string {
  if (authorizationId.length === 0) throw new Error('authorizationId must not be empty');
  return `${AUTHORIZATION_CATEGORY}-${authorizationId}`;
}
