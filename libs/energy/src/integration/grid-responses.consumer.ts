import { Injectable } from '@nestjs/common';
import type { SqlExecutor } from '@roaming/event-store';
import { HEADER, type InboundMessage, type MessageHandlerContext } from '@roaming/messaging';
import { PartnerMessageAuthenticator } from '@roaming/platform';
import { DomainError } from '@roaming/shared-kernel';
import { GridRequestWrites } from '../grid-request/grid-request-writes';

/** Consumer group of the CPOs' grid answers on Kafka (also its de-duplication scope). */
export const GRID_RESPONSES_GROUP = 'energy.grid-responses';

export class GridResponseRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GridResponseRefusedError';
  }
}

/**
 * The Kafka door for CPOs' answers to grid requests (`b2b.grid-responses.inbound.v1`, key = the CPO's party id):
 * GridRequestAcknowledgement or GridFulfilment, through the same use case as REST, in the transaction that claims
 * the message id. The CPO signs each message with its API key (PartnerMessageAuthenticator: a `cpo` key whose party
 * ids hold the message key); an unauthenticated answer is parked on the dead-letter topic at once with its code
 * (UNAUTHENTICATED, PARTNER_SUSPENDED, ROLE_REQUIRED, PARTY_NOT_OWNED) and changes nothing. The request must be
 * addressed to the key's party. What else the hub cannot take is parked on the dead-letter topic with the rule it
 * broke.
 */
@Injectable()
export class GridResponsesConsumer {
  constructor(
    private readonly authenticator: PartnerMessageAuthenticator,
    private readonly requests: GridRequestWrites,
  ) {}

  readonly handle = async (message: InboundMessage, { tx }: MessageHandlerContext): Promise<void> => {
    const { partyId: party } = await this.authenticator.authenticate(message, { roles: ['cpo'], tx });
    const body = parseBody(message.rawValue);
    const requestId = body.requestId;
    if (typeof requestId !== 'string' || requestId === '') throw new GridResponseRefusedError('requestId is required');
    const messageId = message.headers[HEADER.messageId];
    const metadata = {
      correlationId: message.headers[HEADER.correlationId] ?? messageId,
      causationId: messageId,
      actor: party,
      channel: 'kafka',
    };
    try {
      await this.respond(party, requestId, body, metadata, tx);
    } catch (error) {
      if (error instanceof DomainError) throw new GridResponseRefusedError(`${error.code}: ${error.message}`);
      throw error;
    }
  };

  private respond(
    party: string,
    requestId: string,
    body: Record<string, unknown>,
    metadata: Record<string, string>,
    tx: SqlExecutor,
  ) {
    switch (body.type) {
      case 'GridRequestAcknowledgement':
        if (typeof body.accepted !== 'boolean') throw new GridResponseRefusedError('accepted must be true or false');
        return this.requests.respond(
          [party],
          requestId,
          {
            kind: 'acknowledgement',
            accepted: body.accepted,
            reason: typeof body.reason === 'string' ? body.reason : null,
          },
          metadata,
          tx,
        );
      case 'GridFulfilment':
        if (!Number.isInteger(body.achievedPowerW) || (body.achievedPowerW as number) < 0) {
          throw new GridResponseRefusedError('achievedPowerW must be a whole number of watts');
        }
        return this.requests.respond(
          [party],
          requestId,
          { kind: 'fulfilment', achievedPowerW: body.achievedPowerW as number },
          metadata,
          tx,
        );
      default:
        throw new GridResponseRefusedError(`unknown answer type ${JSON.stringify(body.type)}`);
    }
  }
}

function parseBody(raw: string): Record<string, unknown> {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    throw new GridResponseRefusedError('the message body is not JSON');
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw new GridResponseRefusedError('the body must be a JSON object');
  return body as Record<string, unknown>;
}
