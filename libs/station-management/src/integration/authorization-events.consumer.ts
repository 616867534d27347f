import { Injectable, Logger } from '@nestjs/common';
import { parseIntegrationMessage } from '@roaming/contracts';
import type { EventMetadata, SqlExecutor } from '@roaming/event-store';
import { HEADER, type InboundMessage, type MessageHandlerContext } from '@roaming/messaging';
import { ReservationWrites } from '../reservation/reservation-writes';

/** Consumer group of this context on `authorization.events.v1` (also its de-duplication scope). */
export const AUTHORIZATION_EVENTS_GROUP = 'station-management.authorization-events';

/** What this context takes from a message of the authorization context, read tolerantly. */
export interface SessionFact {
  type: string;
  occurredAt: string;
  data: Record<string, unknown>;
}

/** Another use case that wants the facts of `authorization.events.v1` (the EVSE history registers one). */
export type SessionFactListener = (fact: SessionFact, metadata: EventMetadata, tx: SqlExecutor) => Promise<void>;

/**
 * Follows the authorization context's topic: a session authorized (AuthorizationGranted) or started (SessionStarted)
 * at an EVSE for a contract uses the accepted reservation of that contract there (IEC 63119-2 UC3-8: "reservation
 * ends when the EV arrives"); listeners (the EVSE history) see every fact. Tolerant reader: types and fields it does
 * not use are ignored.
 */
@Injectable()
export class AuthorizationEventsConsumer {
  private readonly logger = new Logger(AuthorizationEventsConsumer.name);
  private readonly listeners: SessionFactListener[] = [];

  constructor(private readonly reservations: ReservationWrites) {}

  listen(listener: SessionFactListener): void {
    this.listeners.push(listener);
  }

  readonly handle = async (message: InboundMessage, { tx }: MessageHandlerContext): Promise<void> => {
    const body = parseIntegrationMessage(message.rawValue);
    const fact: SessionFact = {
      type: body.type,
      occurredAt: body.occurredAt,
      data: body.data as Record<string, unknown>,
    };
    const messageId = message.headers[HEADER.messageId];
    const metadata: EventMetadata = {
      correlationId: message.headers[HEADER.correlationId] ?? messageId,
      causationId: messageId,
      actor: 'authorization',
    };
    if (fact.type === 'AuthorizationGranted' || fact.type === 'SessionStarted')
      await this.useReservation(fact, metadata, tx);
    for (const listener of this.listeners) await listener(fact, metadata, tx);
  };

  private async useReservation(fact: SessionFact, metadata: EventMetadata, tx: SqlExecutor): Promise<void> {
    const { evseId, emaid } = fact.data;
    if (typeof evseId !== 'string' || typeof emaid !== 'string') return;
    const at = typeof fact.data.startedAt === 'string' ? fact.data.startedAt : fact.occurredAt;
    const authorizationId = typeof fact.data.authorizationId === 'string' ? fact.data.authorizationId : null;
    const { rows } = await tx.query<{ reservation_id: string }>(
      `SELECT reservation_id FROM station.reservations WHERE evse_id = $1 AND emaid = $2 AND status = 'ACCEPTED'`,
      [evseId, emaid],
    );
    for (const { reservation_id } of rows) {
      const view = await this.reservations.run(
        reservation_id,
        { type: 'RecordReservationUse', data: { at: new Date(at).toISOString(), authorizationId, source: 'session' } },
        metadata,
        tx,
      );
      if (view.status === 'USED') this.logger.debug(`reservation ${reservation_id} used by ${fact.type}`);
    }
  }
}
