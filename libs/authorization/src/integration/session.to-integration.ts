import { type SessionEndedV1, type SessionFlaggedOverdueV1, type SessionStartedV1, TOPICS } from '@roaming/contracts';
import type { RecordedEvent } from '@roaming/event-store';
import { integrationMessage, type OutboundMessage } from '@roaming/messaging';
import type { SessionEnded, SessionEvent, SessionStarted } from '../session/domain';

const SCHEMA_VERSION = 1;

export function sessionStartedV1(event: RecordedEvent, d: SessionStarted['data']): SessionStartedV1 {
  return {
    type: 'SessionStarted',
    schemaVersion: SCHEMA_VERSION,
    occurredAt: event.recordedAt,
    data: {
      sessionId: d.sessionId,
      authorizationId: d.authorizationId,
      cpoPartyId: d.cpoPartyId,
      cpoSessionId: d.cpoSessionId,
      emspPartyId: d.emspPartyId,
      evseId: d.evseId,
      emaid: d.emaid,
      tokenUid: d.tokenUid,
      offline: d.offline,
      tariffId: d.tariffId,
      startedAt: d.startedAt,
    },
  };
}

export function sessionEndedV1(event: RecordedEvent, d: SessionEnded['data']): SessionEndedV1 {
  return {
    type: 'SessionEnded',
    schemaVersion: SCHEMA_VERSION,
    occurredAt: event.recordedAt,
    data: {
      sessionId: d.sessionId,
      authorizationId: d.authorizationId,
      cpoPartyId: d.cpoPartyId,
      emspPartyId: d.emspPartyId,
      evseId: d.evseId,
      endedAt: d.endedAt,
      energyWh: d.energyWh,
    },
  };
}

/**
 * Session events other contexts need on `authorization.events.v1` (key: the session's stream): its start and end,
 * which the CDR context correlates with the authorization, and an overdue flag for the operator. Progress stays
 * between the hub and the EVSP.
 */
export function toSessionMessages(event: RecordedEvent): OutboundMessage[] {
  const known = { type: event.type, data: event.data } as SessionEvent;
  switch (known.type) {
    case 'SessionStarted':
      return [message(event, sessionStartedV1(event, known.data))];
    case 'SessionEnded':
      return [message(event, sessionEndedV1(event, known.data))];
    case 'SessionFlaggedOverdue': {
      const { sessionId, cpoPartyId, emspPartyId, startedAt, flaggedAt } = known.data;
      const value: SessionFlaggedOverdueV1 = {
        type: 'SessionFlaggedOverdue',
        schemaVersion: SCHEMA_VERSION,
        occurredAt: event.recordedAt,
        data: { sessionId, cpoPartyId, emspPartyId, startedAt, flaggedAt },
      };
      return [message(event, value)];
    }
    default:
      return [];
  }
}

function message(
  event: RecordedEvent,
  value: SessionStartedV1 | SessionEndedV1 | SessionFlaggedOverdueV1,
): OutboundMessage {
  return integrationMessage(event, 0, {
    topic: TOPICS.authorizationEvents,
    type: value.type,
    schemaVersion: value.schemaVersion,
    value,
  });
}
