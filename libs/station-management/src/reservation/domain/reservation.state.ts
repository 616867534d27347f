import type { Fee, ReservationEvent, ReservationRequestData } from './reservation.events';
import type { ReservationRefusalReason } from './reservation.facts';

export type ReservationStatus =
  'PENDING' | 'REFUSED' | 'ACCEPTED' | 'REJECTED' | 'EXPIRED' | 'CANCELLED' | 'USED' | 'NO_SHOW';

export type ReservationState =
  | { status: 'NONE' }
  | (Omit<ReservationRequestData, 'respondBy' | 'emaid'> & {
      status: ReservationStatus;
      emaid: string | null;
      respondBy: string | null;
      fee: Fee | null;
      reason: ReservationRefusalReason | string | null;
      closedAt: string | null;
    });

export function initialReservationState(): ReservationState {
  return { status: 'NONE' };
}

export function evolveReservation(state: ReservationState, event: ReservationEvent): ReservationState {
  switch (event.type) {
    case 'ReservationRequested':
      return { ...event.data, status: 'PENDING', fee: null, reason: null, closedAt: null };
    case 'ReservationRefused':
      return { ...event.data, status: 'REFUSED', respondBy: null, fee: null, closedAt: event.data.requestedAt };
  }
  if (state.status === 'NONE') return state;
  switch (event.type) {
    case 'ReservationAccepted':
      return { ...state, status: 'ACCEPTED', fee: event.data.fee };
    case 'ReservationRejected':
      return { ...state, status: 'REJECTED', reason: event.data.reason, closedAt: event.data.rejectedAt };
    case 'ReservationExpired':
      return { ...state, status: 'EXPIRED', closedAt: event.data.expiredAt };
    case 'ReservationCancelled':
      return { ...state, status: 'CANCELLED', closedAt: event.data.cancelledAt };
    case 'ReservationUsed':
      return { ...state, status: 'USED', closedAt: event.data.usedAt };
    case 'ReservationNoShow':
      return { ...state, status: 'NO_SHOW', closedAt: event.data.recordedAt };
  }
}
