import { Injectable } from '@nestjs/common';
import { parseIntegrationMessage } from '@roaming/contracts';
import type { InboundMessage, MessageHandlerContext } from '@roaming/messaging';
import { CDR_SCHEMA } from '../registry-view/registry-view.migrations';

/** Consumer group of the authorization view (also its de-duplication scope). */
export const AUTHORIZATION_VIEW_GROUP = 'cdr-forwarding.authorization-view';

type Data = Record<string, unknown>;

/**
 * Remembers from `authorization.events.v1` which authorizations the hub granted and which sessions started (with
 * their authorization, or offline), so that intake can mark a record AUTHORIZED, OFFLINE or UNAUTHORIZED
 * (GeM 1512: a record without a known authorization is still accepted, but never silently). Idempotent upserts.
 */
@Injectable()
export class AuthorizationViewConsumer {
  readonly handle = async (message: InboundMessage, { tx }: MessageHandlerContext): Promise<void> => {
    const body = parseIntegrationMessage(message.rawValue);
    const data = body.data as Data;
    if (body.type === 'AuthorizationGranted') {
      await tx.query(
        `INSERT INTO ${CDR_SCHEMA}.known_authorizations (authorization_id, cpo_party_id, evse_id)
         VALUES ($1, $2, $3) ON CONFLICT (authorization_id) DO NOTHING`,
        [str(data, 'authorizationId'), str(data, 'cpoPartyId'), str(data, 'evseId')],
      );
    } else if (body.type === 'SessionStarted') {
      await tx.query(
        `INSERT INTO ${CDR_SCHEMA}.known_sessions (session_id, cpo_party_id, cpo_session_id, authorization_id, offline)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (session_id) DO NOTHING`,
        [
          str(data, 'sessionId'),
          str(data, 'cpoPartyId'),
          str(data, 'cpoSessionId'),
          typeof data.authorizationId === 'string' ? data.authorizationId : null,
          data.offline === true,
        ],
      );
    }
  };
}

function str(data: Data, field: string): string {
  const value = data[field];
  if (typeof value !== 'string' || value.length === 0) throw new Error(`${field} is missing`);
  return value;
}
