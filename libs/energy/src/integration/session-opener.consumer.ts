import { Injectable } from '@nestjs/common';
import { parseIntegrationMessage } from '@roaming/contracts';
import { HEADER, type InboundMessage, type MessageHandlerContext } from '@roaming/messaging';
import { ChargingSessions } from '../charging-session/charging-sessions';

/** Consumer group of this context on `authorization.events.v1` (also its de-duplication scope). */
export const SESSION_OPENER_GROUP = 'energy.sessions';

/**
 * Opens the energy side of a session when the authorization context grants it (AuthorizationGranted: the session id
 * here is the authorization id), in the consumer's transaction. Tolerant reader: other types are not its concern.
 */
@Injectable()
export class SessionOpenerConsumer {
  constructor(private readonly sessions: ChargingSessions) {}

  readonly handle = async (message: InboundMessage, { tx }: MessageHandlerContext): Promise<void> => {
    const body = parseIntegrationMessage(message.rawValue);
    if (body.type !== 'AuthorizationGranted') return;
    const d = body.data as Record<string, unknown>;
    const fields = ['authorizationId', 'evseId', 'cpoPartyId', 'emspPartyId', 'emaid'] as const;
    if (fields.some((f) => typeof d[f] !== 'string')) return;
    const messageId = message.headers[HEADER.messageId];
    await this.sessions.open(
      {
        sessionId: d.authorizationId as string,
        evseId: d.evseId as string,
        cpoPartyId: d.cpoPartyId as string,
        emspPartyId: d.emspPartyId as string,
        emaid: d.emaid as string,
      },
      new Date(body.occurredAt).toISOString(),
      {
        correlationId: message.headers[HEADER.correlationId] ?? messageId,
        causationId: messageId,
        actor: 'authorization',
      },
      tx,
    );
  };
}
