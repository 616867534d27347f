import type { Decider } from '@roaming/shared-kernel';
import type { ReservationCommand } from './reservation.commands';
import { decide } from './reservation.decide';
import type { ReservationEvent } from './reservation.events';
import { evolveReservation, initialReservationState, type ReservationState } from './reservation.state';

export const reservationDecider: Decider<ReservationState, ReservationCommand, ReservationEvent> = {
  initialState: initialReservationState,
  decide,
  evolve: evolveReservation,
};
