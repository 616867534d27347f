export const RESERVATION_CATEGORY = 'reservation';

export function reservationStream(reservationId: string): string {
  if (!reservationId) throw new Error('a reservation stream needs an id');
  return `${RESERVATION_CATEGORY}-${reservationId}`;
}
