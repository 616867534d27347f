import { Logger } from '@nestjs/common';
import {
  CheckpointedProcessor,
  cancelDeadlines,
  type EventStore,
  type RecordedEvent,
  scheduleDeadline,
  type SqlExecutor,
} from '@roaming/event-store';
import { STATION_SCHEMA } from '../../../registry-view/registry-view.migrations';
import { RESERVATION_CATEGORY, type ReservationEvent, reservationStream } from '../../domain';

export const RESERVATIONS_PROJECTION_ID = 'station.reservations:v1';

/** The two timers of a reservation: the CPO's answer, and the no-show after its end. */
export const RESERVATION_DEADLINES = { respond: 'reservation.respond', noShow: 'reservation.no-show' } as const;

export function reservationDeadlineKey(reservationId: string, kind: string): string {
  return `${reservationStream(reservationId)}:${kind}`;
}

/**
 * Keeps `station.reservations` and the reservation deadlines in step with the reservation events, in the checkpoint
 * transaction: a timer exists exactly while the reservation waits for it, and a crash loses none (they are rows).
 */
export function reservationsProjection(store: EventStore, noShowGraceSeconds: number): CheckpointedProcessor {
  return new CheckpointedProcessor({
    processorId: RESERVATIONS_PROJECTION_ID,
    store,
    categories: [RESERVATION_CATEGORY],
    handle: (events, tx) => projectReservations(events, tx, noShowGraceSeconds),
    logger: new Logger(`Projection ${RESERVATIONS_PROJECTION_ID}`),
  });
}

export async function projectReservations(
  events: readonly RecordedEvent[],
  tx: SqlExecutor,
  noShowGraceSeconds: number,
): Promise<void> {
  for (const recorded of events) {
    const event = { type: recorded.type, data: recorded.data } as ReservationEvent;
    const { reservationId } = event.data;
    const stream = reservationStream(reservationId);
    const respond = reservationDeadlineKey(reservationId, RESERVATION_DEADLINES.respond);
    const noShow = reservationDeadlineKey(reservationId, RESERVATION_DEADLINES.noShow);
    switch (event.type) {
      case 'ReservationRequested':
      case 'ReservationRefused': {
        const d = event.data;
        const status = event.type === 'ReservationRequested' ? 'PENDING' : 'REFUSED';
        await tx.query(
          `INSERT INTO station.reservations (reservation_id, evse_id, cpo_party_id, emsp_party_id, emaid, status,
             requested_at, reserve_until, last_global_position)
           VALUES ($1, $2, $3, $4, $5, $6, $7::timestamptz, $8::timestamptz, $9::bigint)
           ON CONFLICT (reservation_id) DO NOTHING`,
          [
            reservationId,
            d.evseId,
            d.cpoPartyId,
            d.emspPartyId,
            d.emaid,
            status,
            d.requestedAt,
            d.reserveUntil,
            recorded.globalPosition,
          ],
        );
        if (event.type === 'ReservationRequested') {
          await scheduleDeadline(tx, STATION_SCHEMA, {
            key: respond,
            streamName: stream,
            kind: RESERVATION_DEADLINES.respond,
            dueAt: event.data.respondBy,
          });
        }
        break;
      }
      case 'ReservationAccepted': {
        const { rows } = await tx.query<{ reserve_until: Date }>(
          `UPDATE station.reservations SET status = 'ACCEPTED', fee = $2::jsonb, last_global_position = $3::bigint
           WHERE reservation_id = $1 RETURNING reserve_until`,
          [reservationId, JSON.stringify(event.data.fee), recorded.globalPosition],
        );
        await cancelDeadlines(tx, STATION_SCHEMA, [respond]);
        if (rows[0]) {
          const dueAt = new Date(new Date(rows[0].reserve_until).getTime() + noShowGraceSeconds * 1000).toISOString();
          await scheduleDeadline(tx, STATION_SCHEMA, {
            key: noShow,
            streamName: stream,
            kind: RESERVATION_DEADLINES.noShow,
            dueAt,
          });
        }
        break;
      }
      default: {
        const status = CLOSING_STATUS[event.type];
        await tx.query(
          `UPDATE station.reservations SET status = $2, last_global_position = $3::bigint WHERE reservation_id = $1`,
          [reservationId, status, recorded.globalPosition],
        );
        await cancelDeadlines(tx, STATION_SCHEMA, [respond, noShow]);
      }
    }
  }
}

const CLOSING_STATUS: Record<string, string> = {
  ReservationRejected: 'REJECTED',
  ReservationExpired: 'EXPIRED',
  ReservationCancelled: 'CANCELLED',
  ReservationUsed: 'USED',
  ReservationNoShow: 'NO_SHOW',
};
