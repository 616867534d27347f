import type { DomainEvent } from '@roaming/shared-kernel';
import type { ReservationRefusalReason, TokenType } from './reservation.facts';

/** Every event names both parties, so that relays route it without the stream's history. */
interface Parties {
  reservationId: string;
  evseId: string;
  cpoPartyId: string;
  emspPartyId: string;
}

export interface Fee {
  amount: string;
  currency: string;
}

export interface ReservationRequestData extends Parties {
  emaid: string;
  token: { uid: string; type: TokenType };
  requestedAt: string;
  reserveUntil: string;
  /** The CPO must answer by then, or the request expires. */
  respondBy: string;
}

/** The hub checked agreement and token and relays the request to the CPO (IEC 63119-2 UC3-8). */
export type ReservationRequested = DomainEvent<'ReservationRequested', ReservationRequestData>;
/** The hub refused on its own (no agreement, unknown or blocked token, EVSE not reservable); the CPO is not asked. */
export type ReservationRefused = DomainEvent<
  'ReservationRefused',
  Omit<ReservationRequestData, 'respondBy' | 'emaid'> & { emaid: string | null; reason: ReservationRefusalReason }
>;
export type ReservationAccepted = DomainEvent<'ReservationAccepted', Parties & { fee: Fee | null; acceptedAt: string }>;
export type ReservationRejected = DomainEvent<
  'ReservationRejected',
  Parties & { reason: string | null; rejectedAt: string }
>;
/** The CPO did not answer in time (IEC 63110 S1: "no show (linked to a time out)" is the other timeout). */
export type ReservationExpired = DomainEvent<'ReservationExpired', Parties & { expiredAt: string }>;
export type ReservationCancelled = DomainEvent<'ReservationCancelled', Parties & { cancelledAt: string }>;
/** The driver came: a session was authorized at the EVSE for the contract, or the CPO reported the use. */
export type ReservationUsed = DomainEvent<
  'ReservationUsed',
  Parties & { usedAt: string; authorizationId: string | null; fee: Fee | null }
>;
/** Accepted, but nobody came before the reservation ended (IEC 63110 S1 "no show"). */
export type ReservationNoShow = DomainEvent<'ReservationNoShow', Parties & { recordedAt: string; fee: Fee | null }>;

export type ReservationEvent =
  | ReservationRequested
  | ReservationRefused
  | ReservationAccepted
  | ReservationRejected
  | ReservationExpired
  | ReservationCancelled
  | ReservationUsed
  | ReservationNoShow;
