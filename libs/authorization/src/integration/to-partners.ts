import {
  type AuthorizationDecisionV1,
  partnerOutboundTopic,
  type RemoteCommandResultV1,
  type RemoteStartSessionV1,
  type RemoteStopSessionV1,
  type SessionEndedV1,
  type SessionProgressedV1,
  type SessionStartedV1,
} from '@roaming/contracts';
import type { RecordedEvent } from '@roaming/event-store';
import type { IntegrationMessage } from '@roaming/contracts';
import { integrationMessage, type OutboundMessage } from '@roaming/messaging';
import type { AuthorizationEvent } from '../authorization/domain';
import type { RemoteCommandEvent } from '../remote-command/domain';
import type { SessionEvent } from '../session/domain';
import { sessionEndedV1, sessionStartedV1 } from './session.to-integration';

const SCHEMA_VERSION = 1;
/**
 * The index these messages take among the ones mapped from an event: the context topic's message is index 0, so a
 * partner's copy gets an id of its own (integrationMessageId).
 */
const PARTNER_INDEX = 1;

/**
 * Domain events → what one partner receives on its `b2b.<party>.outbound.v1` (key: that party, so that a partner
 * gets its messages in the order they were recorded):
 * - the CPO: the decision on an authorization it asked for over Kafka; remote starts and stops to carry out;
 * - the EVSP: how its remote commands ended; its customers' sessions starting, progressing and ending (eMI3 UCE CS).
 */
export function toPartnerMessages(event: RecordedEvent): OutboundMessage[] {
  const known = { type: event.type, data: event.data } as AuthorizationEvent | RemoteCommandEvent | SessionEvent;
  switch (known.type) {
    case 'AuthorizationGranted':
    case 'AuthorizationDenied': {
      const d = known.data;
      if (d.channel?.kind !== 'kafka') return [];
      const decision: AuthorizationDecisionV1['data'] =
        known.type === 'AuthorizationGranted'
          ? {
              requestId: d.channel.requestId,
              authorizationId: d.authorizationId,
              evseId: d.evseId,
              status: 'ACCEPTED',
              emaid: known.data.emaid,
              emspPartyId: known.data.emspPartyId,
              agreementId: known.data.agreementId,
              allowedServices: known.data.allowedServices ?? null,
              tariffId: known.data.tariffId ?? null,
              decidedBy: known.data.decidedBy ?? 'hub',
            }
          : {
              requestId: d.channel.requestId,
              authorizationId: d.authorizationId,
              evseId: d.evseId,
              status: 'DENIED',
              reason: known.data.reason,
              ...(known.data.emspPartyId ? { emspPartyId: known.data.emspPartyId } : {}),
              decidedBy: known.data.decidedBy ?? 'hub',
            };
      return [toParty(event, d.channel.replyTo, stamp(event, 'AuthorizationDecision', decision))];
    }
    case 'RemoteStartRequested': {
      const { commandId, evseId, emaid, authorizationId, respondBy, cpoPartyId } = known.data;
      const value: RemoteStartSessionV1 = stamp(event, 'RemoteStartSession', {
        commandId,
        evseId,
        emaid,
        authorizationId,
        respondBy,
      });
      return [toParty(event, cpoPartyId, value)];
    }
    case 'RemoteStopRequested': {
      const { commandId, evseId, sessionId, cpoSessionId, respondBy, cpoPartyId } = known.data;
      const value: RemoteStopSessionV1 = stamp(event, 'RemoteStopSession', {
        commandId,
        evseId,
        sessionId,
        cpoSessionId,
        respondBy,
      });
      return [toParty(event, cpoPartyId, value)];
    }
    case 'RemoteStartRefused': {
      const d = known.data;
      return [
        toParty(
          event,
          d.emspPartyId,
          result(event, {
            commandId: d.commandId,
            kind: d.kind,
            status: 'REFUSED',
            reason: d.reason,
            evseId: d.evseId,
            authorizationId: d.authorizationId,
            sessionId: null,
          }),
        ),
      ];
    }
    case 'RemoteCommandAccepted':
    case 'RemoteCommandRejected':
    case 'RemoteCommandTimedOut': {
      const d = known.data;
      const status =
        known.type === 'RemoteCommandAccepted'
          ? 'ACCEPTED'
          : known.type === 'RemoteCommandRejected'
            ? 'REJECTED'
            : 'TIMED_OUT';
      return [
        toParty(
          event,
          d.emspPartyId,
          result(event, {
            commandId: d.commandId,
            kind: d.kind,
            status,
            reason: known.type === 'RemoteCommandRejected' ? known.data.reason : null,
            evseId: d.evseId,
            authorizationId: d.authorizationId,
            sessionId: d.sessionId,
          }),
        ),
      ];
    }
    case 'SessionStarted': {
      const value: SessionStartedV1 = sessionStartedV1(event, known.data);
      return [toParty(event, known.data.emspPartyId, value)];
    }
    case 'SessionProgressed': {
      const { sessionId, emspPartyId, energyWh, status, measuredAt } = known.data;
      const value: SessionProgressedV1 = stamp(event, 'SessionProgressed', {
        sessionId,
        emspPartyId,
        energyWh,
        status,
        measuredAt,
      });
      return [toParty(event, emspPartyId, value)];
    }
    case 'SessionEnded': {
      const value: SessionEndedV1 = sessionEndedV1(event, known.data);
      return [toParty(event, known.data.emspPartyId, value)];
    }
    default:
      return [];
  }
}

function result(event: RecordedEvent, data: RemoteCommandResultV1['data']): RemoteCommandResultV1 {
  return stamp(event, 'RemoteCommandResult', data);
}

function stamp<Type extends string, Data>(
  event: RecordedEvent,
  type: Type,
  data: Data,
): IntegrationMessage<Type, Data> {
  return { type, schemaVersion: SCHEMA_VERSION, occurredAt: event.recordedAt, data };
}

function toParty(event: RecordedEvent, partyId: string, value: IntegrationMessage): OutboundMessage {
  return integrationMessage(event, PARTNER_INDEX, {
    topic: partnerOutboundTopic(partyId),
    key: partyId,
    type: value.type,
    schemaVersion: value.schemaVersion,
    value,
  });
}
