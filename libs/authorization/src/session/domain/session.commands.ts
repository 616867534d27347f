import type { Command } from '@roaming/shared-kernel';
import type { AuthorizationMethod, TokenFacts } from '../../authorization/domain';
import type { ChargingStatus } from './session.events';

/** The authorization a session start refers to, as recorded. */
export interface AuthorizationOfSession {
  authorizationId: string;
  granted: boolean;
  evseId: string;
  cpoPartyId: string;
  emspPartyId: string | null;
  emaid: string | null;
  tokenUid: string;
  tokenType: string;
  method: AuthorizationMethod;
  agreementId: string | null;
  tariffId: string | null;
}

interface StartCommon {
  sessionId: string;
  /** The operator of the EVSE, the reporting CPO. */
  cpoPartyId: string;
  cpoSessionId: string;
  evseId: string;
  startedAt: string;
  /** The hub's clock when the report arrived. */
  reportedAt: string;
}

/** The CPO reports a start for an authorization the hub decided (null: the hub knows no such authorization). */
export type StartAuthorizedSession = Command<
  'StartAuthorizedSession',
  StartCommon & { authorization: AuthorizationOfSession | null }
>;

/** The CPO reports a start its EVSE allowed offline, from the whitelist it got (IEC 63119-2 UC4-2). */
export type StartOfflineSession = Command<
  'StartOfflineSession',
  StartCommon & { tokenUid: string; tokenType: string; token: TokenFacts | null }
>;

export type ReportSessionProgress = Command<
  'ReportSessionProgress',
  { sessionId: string; cpoPartyId: string; energyWh: number; status: ChargingStatus; measuredAt: string }
>;

export type EndSession = Command<
  'EndSession',
  { sessionId: string; cpoPartyId: string; endedAt: string; energyWh: number; reason: string | null }
>;

/** The process manager's tick: flag the session if it is still open `limitMs` after its start. */
export type FlagSessionIfOverdue = Command<'FlagSessionIfOverdue', { sessionId: string; now: string; limitMs: number }>;

export type LinkCdr = Command<'LinkCdr', { sessionId: string; cdrId: string }>;

export type SessionCommand =
  StartAuthorizedSession | StartOfflineSession | ReportSessionProgress | EndSession | FlagSessionIfOverdue | LinkCdr;
