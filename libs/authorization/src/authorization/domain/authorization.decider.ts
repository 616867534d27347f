import type { Decider } from '@roaming/shared-kernel';
import type { AuthorizationCommand } from './authorization.commands';
import { decide } from './authorization.decide';
import type { AuthorizationEvent } from './authorization.events';
import { type AuthorizationState, evolveAuthorization, initialAuthorizationState } from './authorization.state';

export const authorizationDecider: Decider<AuthorizationState, AuthorizationCommand, AuthorizationEvent> = {
  initialState: initialAuthorizationState,
  decide,
  evolve: evolveAuthorization,
};
