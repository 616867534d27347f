import type { Command } from '@roaming/shared-kernel';
import type { Fee } from './reservation.events';
import type { ReservationFacts, TokenType } from './reservation.facts';

export type RequestReservation = Command<
  'RequestReservation',
  {
    reservationId: string;
    evseId: string;
    cpoPartyId: string;
    emspPartyId: string;
    token: { uid: string; type: TokenType };
    requestedAt: string;
    reserveUntil: string;
    respondBy: string;
    facts: ReservationFacts;
  }
>;
export type AnswerReservation = Command<
  'AnswerReservation',
  { result: 'ACCEPTED' | 'REJECTED'; reason: string | null; fee: Fee | null; at: string }
>;
/** Fired by the timer at the response deadline: expires the request unless the CPO answered. */
export type ExpireUnansweredReservation = Command<'ExpireUnansweredReservation', { at: string }>;
export type CancelReservation = Command<'CancelReservation', { at: string }>;
/**
 * `session`: a session was authorized at the EVSE for the contract (from `authorization.events.v1`); a session that
 * is no use of this reservation changes nothing. `cpo`: the operator reports the use; it must be an accepted one.
 */
export type RecordReservationUse = Command<
  'RecordReservationUse',
  { at: string; authorizationId: string | null; source: 'session' | 'cpo' }
>;
/** Fired by the timer after the reservation's end: a no-show unless it was used or cancelled. */
export type RecordReservationNoShow = Command<'RecordReservationNoShow', { at: string; graceSeconds: number }>;

export type ReservationCommand =
  | RequestReservation
  | AnswerReservation
  | ExpireUnansweredReservation
  | CancelReservation
  | RecordReservationUse
  | RecordReservationNoShow;
