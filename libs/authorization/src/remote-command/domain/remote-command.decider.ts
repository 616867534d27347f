import type { Decider } from '@roaming/shared-kernel';
import type { RemoteCommandCommand } from './remote-command.commands';
import { decide } from './remote-command.decide';
import type { RemoteCommandEvent } from './remote-command.events';
import { evolveRemoteCommand, initialRemoteCommandState, type RemoteCommandState } from './remote-command.state';

export const remoteCommandDecider: Decider<RemoteCommandState, RemoteCommandCommand, RemoteCommandEvent> = {
  initialState: initialRemoteCommandState,
  decide,
  evolve: evolveRemoteCommand,
};
