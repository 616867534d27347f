import { type AuthorizationDeniedV1, type AuthorizationGrantedV1, TOPICS } from '@roaming/contracts';
import type { RecordedEvent } from '@roaming/event-store';
import { integrationMessage, type OutboundMessage } from '@roaming/messaging';
import type { AuthorizationEvent } from '../authorization/domain';

export const AUTHORIZATION_MESSAGE_SCHEMA_VERSION = 1;

/**
 * Domain event → what other contexts see on `authorization.events.v1` (key: the authorization's stream, so both
 * messages of one authorization would stay in order). The presented token type and the request time stay inside
 * this context: the published language carries what routing and CDR matching need.
 */
export function toAuthorizationMessages(event: RecordedEvent): OutboundMessage[] {
  const known = { type: event.type, data: event.data } as AuthorizationEvent;
  switch (known.type) {
    case 'AuthorizationGranted': {
      const { authorizationId, evseId, cpoPartyId, emspPartyId, emaid, tokenUid, agreementId } = known.data;
      const value: AuthorizationGrantedV1 = {
        type: 'AuthorizationGranted',
        schemaVersion: AUTHORIZATION_MESSAGE_SCHEMA_VERSION,
        occurredAt: event.recordedAt,
        data: {
          authorizationId,
          evseId,
          cpoPartyId,
          emspPartyId,
          emaid,
          tokenUid,
          agreementId,
          allowedServices: known.data.allowedServices ?? null,
          tariffId: known.data.tariffId ?? null,
          decidedBy: known.data.decidedBy ?? 'hub',
        },
      };
      return [message(event, value)];
    }
    case 'AuthorizationDenied': {
      const { authorizationId, evseId, cpoPartyId, emspPartyId, tokenUid, reason } = known.data;
      const value: AuthorizationDeniedV1 = {
        type: 'AuthorizationDenied',
        schemaVersion: AUTHORIZATION_MESSAGE_SCHEMA_VERSION,
        occurredAt: event.recordedAt,
        data: {
          authorizationId,
          evseId,
          cpoPartyId,
          emspPartyId,
          tokenUid,
          reason,
          decidedBy: known.data.decidedBy ?? 'hub',
        },
      };
      return [message(event, value)];
    }
    default:
      return [];
  }
}

function message(event: RecordedEvent, value: AuthorizationGrantedV1 | AuthorizationDeniedV1): OutboundMessage {
  return integrationMessage(event, 0, {
    topic: TOPICS.authorizationEvents,
    type: value.type,
    schemaVersion: value.schemaVersion,
    value,
  });
}
