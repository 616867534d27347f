import type { DomainEvent } from '@roaming/shared-kernel';
import type { AuthorizationMethod } from '../../authorization/domain';

/** What the CPO says the charge point is doing (eMI3 UCE CS "charging session status"). */
export type ChargingStatus = 'CHARGING' | 'SUSPENDED_EV' | 'SUSPENDED_EVSE' | 'IDLE';
export const CHARGING_STATUSES: readonly ChargingStatus[] = ['CHARGING', 'SUSPENDED_EV', 'SUSPENDED_EVSE', 'IDLE'];

/** Why an offline start (UC4-2) was not accepted. */
export type OfflineRefusalReason =
  'UNKNOWN_TOKEN' | 'NOT_ALLOWED_OFFLINE' | 'TOKEN_BLOCKED' | 'TOKEN_EXPIRED' | 'TOKEN_STOLEN' | 'TOKEN_DEACTIVATED';

/** Later events repeat whose session it is, so that each can be routed (to the EVSP) without the others. */
export interface SessionParties {
  sessionId: string;
  cpoPartyId: string;
  emspPartyId: string;
}

/**
 * The CPO reported that energy transfer began (IEC 63119-2 UC3-1/UC3-2/UC3-3 end, eMI3 UCE AA 2.2.1): an
 * authorization became a session, or a start the EVSE allowed from its offline whitelist (UC4-2) was reported.
 * Carries everything the session will be billed by, so that the CDR context needs no other event.
 */
export type SessionStarted = DomainEvent<
  'SessionStarted',
  {
    sessionId: string;
    cpoPartyId: string;
    /** The CPO's own id of the session (eMI3 "EVSE operator session id"). */
    cpoSessionId: string;
    evseId: string;
    emspPartyId: string;
    emaid: string;
    tokenUid: string;
    tokenType: string;
    /** null for an offline start: no authorization was asked for. */
    authorizationId: string | null;
    method: AuthorizationMethod | 'OFFLINE';
    offline: boolean;
    agreementId: string | null;
    tariffId: string | null;
    startedAt: string;
    reportedAt: string;
  }
>;

/** An offline start the hub does not accept: recorded (energy may have flowed), so that billing can dispute it. */
export type SessionStartRefused = DomainEvent<
  'SessionStartRefused',
  {
    sessionId: string;
    cpoPartyId: string;
    cpoSessionId: string;
    evseId: string;
    tokenUid: string;
    tokenType: string;
    emspPartyId: string | null;
    reason: OfflineRefusalReason;
    startedAt: string;
    reportedAt: string;
  }
>;

/** Energy so far and status (UC3-6 feeds the energy context from here); only while the session runs (eMI3 CS). */
export type SessionProgressed = DomainEvent<
  'SessionProgressed',
  SessionParties & { energyWh: number; status: ChargingStatus; measuredAt: string }
>;

/** The CPO reported the end (IEC 63119-2 UC3-5: completing the charging service transaction). */
export type SessionEnded = DomainEvent<
  'SessionEnded',
  SessionParties & {
    authorizationId: string | null;
    evseId: string;
    endedAt: string;
    energyWh: number;
    reason: string | null;
  }
>;

/** Still open past the limit: a missed end report or a stuck EVSE, for the operator to look at. */
export type SessionFlaggedOverdue = DomainEvent<
  'SessionFlaggedOverdue',
  SessionParties & { startedAt: string; flaggedAt: string; limitMs: number }
>;

/** The CDR of the session reached the hub: authorization → session → CDR, in one stream. */
export type SessionCdrLinked = DomainEvent<'SessionCdrLinked', { sessionId: string; cdrId: string }>;

export type SessionEvent =
  SessionStarted | SessionStartRefused | SessionProgressed | SessionEnded | SessionFlaggedOverdue | SessionCdrLinked;
