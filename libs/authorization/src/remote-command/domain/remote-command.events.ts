import type { DomainEvent } from '@roaming/shared-kernel';

/** What the home EVSP asked the CPO to do through the hub (IEC 63119-2 UC3-2 start, UC3-4 stop). */
export type RemoteCommandKind = 'START_SESSION' | 'STOP_SESSION';

/** Why the hub refused to relay a start: the authorization the start needs was denied. */
export type RemoteCommandRefusal = { reason: string; authorizationId: string };

interface CommandIdentity {
  commandId: string;
  kind: RemoteCommandKind;
  /** The EVSP that asked. */
  emspPartyId: string;
  /** The operator of the EVSE, who must carry it out. */
  cpoPartyId: string;
  evseId: string;
}

/**
 * The hub relays a start to the CPO: the EVSP asked (eMI3 UCE AA ext. 1.2.2.1 "EVSP→MCH"), the hub authorized it
 * like any start (authorizationId), and the CPO must answer by `respondBy` (1.2.3.1 "MCH→EVSE Operator").
 */
export type RemoteStartRequested = DomainEvent<
  'RemoteStartRequested',
  CommandIdentity & {
    kind: 'START_SESSION';
    emaid: string;
    authorizationId: string;
    requestedAt: string;
    respondBy: string;
  }
>;

/** The hub relays a stop of a running session to its CPO (UC3-4). */
export type RemoteStopRequested = DomainEvent<
  'RemoteStopRequested',
  CommandIdentity & {
    kind: 'STOP_SESSION';
    sessionId: string;
    cpoSessionId: string;
    requestedAt: string;
    respondBy: string;
  }
>;

/** The hub refused to relay a start whose authorization was denied; the EVSP hears why at once. */
export type RemoteStartRefused = DomainEvent<
  'RemoteStartRefused',
  CommandIdentity & { kind: 'START_SESSION'; emaid: string; requestedAt: string } & RemoteCommandRefusal
>;

/** How a command ended repeats what it was about, so that the EVSP can be told from this one event. */
export type CommandOutcomeData = CommandIdentity & { authorizationId: string | null; sessionId: string | null };

export type RemoteCommandAccepted = DomainEvent<'RemoteCommandAccepted', CommandOutcomeData & { respondedAt: string }>;

export type RemoteCommandRejected = DomainEvent<
  'RemoteCommandRejected',
  CommandOutcomeData & { reason: string | null; respondedAt: string }
>;

/** The CPO did not answer by `respondBy`: decided by the process manager with the hub's clock. */
export type RemoteCommandTimedOut = DomainEvent<
  'RemoteCommandTimedOut',
  CommandOutcomeData & { respondBy: string; timedOutAt: string }
>;

export type RemoteCommandEvent =
  | RemoteStartRequested
  | RemoteStopRequested
  | RemoteStartRefused
  | RemoteCommandAccepted
  | RemoteCommandRejected
  | RemoteCommandTimedOut;
