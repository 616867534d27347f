import { Injectable } from '@nestjs/common';
import type { EventMetadata, SqlExecutor } from '@roaming/event-store';
import { HEADER, type InboundMessage, type MessageHandlerContext } from '@roaming/messaging';
import { PartnerMessageAuthenticator } from '@roaming/platform';
import { DomainError } from '@roaming/shared-kernel';
import { ReservationWrites } from '../reservation/reservation-writes';
import { COMMAND_RESULTS } from '../station-command/domain/station-command';
import { StationCommandWrites } from '../station-command/station-command-writes';

/** Consumer group of the CPOs' answers on Kafka (also its de-duplication scope). */
export const STATION_COMMANDS_INTAKE_GROUP = 'station-management.station-commands';

/** A handler of one answer type: gets the body, the CPO's party ids and the message's metadata. */
export type StationAnswerHandler = (
  body: Record<string, unknown>,
  partyIds: readonly string[],
  metadata: EventMetadata,
  tx: SqlExecutor,
) => Promise<unknown>;

export class StationAnswerRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StationAnswerRefusedError';
  }
}

/**
 * The Kafka door for CPOs' answers (`b2b.station-commands.inbound.v1`, key = the CPO's party id): a reservation
 * answer (ReservationResponse), a reservation used (ReservationUsed), a remote command's outcome (CommandResult).
 * The CPO signs each message with its API key (PartnerMessageAuthenticator: a `cpo` key whose party ids hold the
 * message key); an unauthenticated answer is parked on the dead-letter topic at once with its code
 * (UNAUTHENTICATED, PARTNER_SUSPENDED, ROLE_REQUIRED, PARTY_NOT_OWNED) and changes nothing.
 * Each answer goes through the same use case as its REST door, in the transaction that claims the message id, so a
 * redelivered answer changes nothing. An answer the hub cannot take (unknown sender or reservation, malformed, late)
 * is parked on the dead-letter topic with the rule it broke.
 */
@Injectable()
export class StationCommandsIntakeConsumer {
  private readonly handlers = new Map<string, StationAnswerHandler>();

  constructor(
    private readonly authenticator: PartnerMessageAuthenticator,
    reservations: ReservationWrites,
    commands: StationCommandWrites,
  ) {
    this.handlers.set('ReservationResponse', (body, partyIds, metadata, tx) =>
      reservations.answer(
        partyIds,
        text(body, 'reservationId'),
        {
          result: oneOf(body, 'result', ['ACCEPTED', 'REJECTED']),
          reason: optionalText(body, 'reason'),
          fee: body.fee,
        },
        metadata,
        tx,
      ),
    );
    this.handlers.set('ReservationUsed', (body, partyIds, metadata, tx) =>
      reservations.reportUse(partyIds, text(body, 'reservationId'), metadata, tx),
    );
    this.handlers.set('CommandResult', (body, partyIds, metadata, tx) =>
      commands.recordResult(
        partyIds,
        text(body, 'commandId'),
        { result: oneOf(body, 'result', COMMAND_RESULTS), reason: optionalText(body, 'reason') },
        metadata,
        tx,
      ),
    );
  }

  readonly handle = async (message: InboundMessage, { tx }: MessageHandlerContext): Promise<void> => {
    const partyIds = await this.sender(message, tx);
    const body = parseBody(message.rawValue);
    const type = typeof body.type === 'string' ? body.type : message.headers[HEADER.type];
    const handler = type ? this.handlers.get(type) : undefined;
    if (!handler) throw new StationAnswerRefusedError(`unknown answer type ${JSON.stringify(type)}`);
    const messageId = message.headers[HEADER.messageId];
    const metadata: EventMetadata = {
      correlationId: message.headers[HEADER.correlationId] ?? messageId,
      causationId: messageId,
      actor: partyIds[0],
      channel: 'kafka',
    };
    try {
      await handler(body, partyIds, metadata, tx);
    } catch (error) {
      if (error instanceof DomainError) throw new StationAnswerRefusedError(`${error.code}: ${error.message}`);
      throw error;
    }
  };

  private async sender(message: InboundMessage, tx: SqlExecutor): Promise<string[]> {
    const { partyId: key } = await this.authenticator.authenticate(message, { roles: ['cpo'], tx });
    const { rows } = await tx.query<{ party_ids: string[] }>(
      `SELECT party_ids FROM station.registry_partners
       WHERE party_ids @> ARRAY[$1]::text[] AND roles @> ARRAY['cpo']::text[] AND status = 'active'`,
      [key],
    );
    if (rows.length === 0)
      throw new StationAnswerRefusedError('the message key must be the party id of a registered, active CPO');
    return rows[0].party_ids;
  }
}

function parseBody(raw: string): Record<string, unknown> {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    throw new StationAnswerRefusedError('the message body is not JSON');
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw new StationAnswerRefusedError('the body must be a JSON object');
  return body as Record<string, unknown>;
}

function text(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (typeof value !== 'string' || value === '') throw new StationAnswerRefusedError(`${field} is required`);
  return value;
}

function optionalText(body: Record<string, unknown>, field: string): string | null {
  return body[field] === undefined || body[field] === null ? null : text(body, field);
}

function oneOf<T extends string>(body: Record<string, unknown>, field: string, allowed: readonly T[]): T {
  const value = text(body, field);
  if (!(allowed as readonly string[]).includes(value))
    throw new StationAnswerRefusedError(`${field} must be one of ${allowed.join(', ')}`);
  return value as T;
}
