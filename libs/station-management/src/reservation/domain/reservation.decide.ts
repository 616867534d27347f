import { DomainError } from '@roaming/shared-kernel';
import type {
  AnswerReservation,
  CancelReservation,
  RecordReservationUse,
  RequestReservation,
  ReservationCommand,
} from './reservation.commands';
import type { ReservationEvent } from './reservation.events';
import { reservationRefusal } from './reservation.facts';
import type { ReservationState } from './reservation.state';

/** A reservation holds an EVSE for at most a day; OCHP recommends 30 minutes, OICP counts minutes too. */
export const MAX_RESERVATION_MS = 24 * 3600_000;

export function decide(command: ReservationCommand, state: ReservationState): ReservationEvent[] {
  switch (command.type) {
    case 'RequestReservation':
      return request(command, state);
    case 'AnswerReservation':
      return answer(command, state);
    case 'ExpireUnansweredReservation':
      if (state.status !== 'PENDING' || state.respondBy === null || command.data.at < state.respondBy) return [];
      return [{ type: 'ReservationExpired', data: { ...parties(state), expiredAt: command.data.at } }];
    case 'CancelReservation':
      return cancel(command, state);
    case 'RecordReservationUse':
      return use(command, state);
    case 'RecordReservationNoShow': {
      if (state.status !== 'ACCEPTED') return [];
      const due = Date.parse(state.reserveUntil) + command.data.graceSeconds * 1000;
      if (Date.parse(command.data.at) < due) return [];
      return [{ type: 'ReservationNoShow', data: { ...parties(state), recordedAt: command.data.at, fee: state.fee } }];
    }
  }
}

function request(command: RequestReservation, state: ReservationState): ReservationEvent[] {
  const { facts, respondBy, ...request } = command.data;
  if (state.status !== 'NONE') {
    // A retry (same Idempotency-Key) of the same request gets the first outcome back.
    const same =
      state.evseId === request.evseId &&
      state.emspPartyId === request.emspPartyId &&
      state.token.uid === request.token.uid &&
      state.reserveUntil === request.reserveUntil;
    if (same) return [];
    throw DomainError.conflict(
      'RESERVATION_EXISTS',
      `reservation ${request.reservationId} exists for another request`,
      {
        reservationId: request.reservationId,
      },
    );
  }
  if (!facts.evse) {
    throw DomainError.notFound('EVSE_UNKNOWN', `EVSE ${request.evseId} is not on any published site`, {
      field: 'evseId',
      rule: 'published-evse',
    });
  }
  if (facts.evse.status === 'WITHDRAWN') {
    throw DomainError.illegalState('EVSE_WITHDRAWN', `EVSE ${request.evseId} was withdrawn by its operator`, {
      field: 'evseId',
      rule: 'published-evse',
    });
  }
  const length = Date.parse(request.reserveUntil) - Date.parse(request.requestedAt);
  if (length <= 0 || length > MAX_RESERVATION_MS) {
    throw DomainError.validation('RESERVATION_PERIOD_INVALID', 'reserveUntil must lie within the next 24 hours', {
      field: 'reserveUntil',
      rule: 'future-within-24h',
    });
  }
  const reason = reservationRefusal(facts, request.requestedAt);
  const token = facts.token;
  if (reason || !token) {
    const refusal = reason ?? 'UNKNOWN_TOKEN';
    return [{ type: 'ReservationRefused', data: { ...request, emaid: token?.emaid ?? null, reason: refusal } }];
  }
  return [{ type: 'ReservationRequested', data: { ...request, emaid: token.emaid, respondBy } }];
}

function answer(command: AnswerReservation, state: ReservationState): ReservationEvent[] {
  const { result, reason, fee, at } = command.data;
  if (state.status === 'NONE') throw notFound();
  if (state.status === 'PENDING') {
    return result === 'ACCEPTED'
      ? [{ type: 'ReservationAccepted', data: { ...parties(state), fee, acceptedAt: at } }]
      : [{ type: 'ReservationRejected', data: { ...parties(state), reason, rejectedAt: at } }];
  }
  // The same answer again (a CPO retry) changes nothing; any other answer comes too late.
  if (
    (state.status === 'ACCEPTED' && result === 'ACCEPTED') ||
    (state.status === 'REJECTED' && result === 'REJECTED')
  ) {
    return [];
  }
  throw closed(state.status);
}

function cancel(command: CancelReservation, state: ReservationState): ReservationEvent[] {
  if (state.status === 'NONE') throw notFound();
  if (state.status === 'CANCELLED') return [];
  if (state.status !== 'PENDING' && state.status !== 'ACCEPTED') throw closed(state.status);
  return [{ type: 'ReservationCancelled', data: { ...parties(state), cancelledAt: command.data.at } }];
}

function use(command: RecordReservationUse, state: ReservationState): ReservationEvent[] {
  const { at, authorizationId, source } = command.data;
  if (state.status === 'NONE') throw notFound();
  if (state.status === 'USED') return [];
  const inPeriod = state.requestedAt <= at && at <= state.reserveUntil;
  if (source === 'session') {
    if (state.status !== 'ACCEPTED' || !inPeriod) return [];
  } else if (state.status !== 'ACCEPTED') {
    throw DomainError.illegalState('RESERVATION_NOT_ACCEPTED', `reservation is ${state.status}, not ACCEPTED`, {
      status: state.status,
    });
  }
  return [{ type: 'ReservationUsed', data: { ...parties(state), usedAt: at, authorizationId, fee: state.fee } }];
}

function parties(state: Exclude<ReservationState, { status: 'NONE' }>) {
  const { reservationId, evseId, cpoPartyId, emspPartyId } = state;
  return { reservationId, evseId, cpoPartyId, emspPartyId };
}

function notFound(): DomainError {
  return DomainError.notFound('RESERVATION_NOT_FOUND', 'no such reservation');
}

function closed(status: string): DomainError {
  return DomainError.illegalState('RESERVATION_CLOSED', `the reservation is already ${status}`, { status });
}
