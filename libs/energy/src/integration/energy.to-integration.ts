import {
  type ChargePlanPublishedV1,
  type ChargingPreferencesSubmittedV1,
  type ChargingProgressReportedV1,
  type EnergyActivationV1,
  type EnergyMessageV1,
  type GridReactionMissingV1,
  type GridRequestCancelledV1,
  type GridRequestIssuedV1,
  type GridResponseRecordedV1,
  partnerOutboundTopic,
  partnerPriorityTopic,
  TOPICS,
} from '@roaming/contracts';
import type { RecordedEvent } from '@roaming/event-store';
import { HEADER, integrationMessage, type OutboundMessage } from '@roaming/messaging';
import { CLEARING_HOUSE_NAMESPACE, uuidV5 } from '@roaming/shared-kernel';
import type { ChargingSessionEvent } from '../charging-session/domain';
import type { GridRequestEvent } from '../grid-request/domain/grid-request';

export const ENERGY_MESSAGE_SCHEMA_VERSION = 1;

type KnownEvent = ChargingSessionEvent | GridRequestEvent;

const envelope = (event: RecordedEvent) => ({
  schemaVersion: ENERGY_MESSAGE_SCHEMA_VERSION,
  occurredAt: event.recordedAt,
});

/**
 * On `energy.events.v1` for other contexts: plans, grid requests and — what records and settlement reference
 * (IEC 63110 E2/E5 "reflected in the SDR") — each CPO's curtailment or flexibility activation.
 */
export function toEnergyMessages(event: RecordedEvent): OutboundMessage[] {
  const known = { type: event.type, data: event.data } as KnownEvent;
  let value: EnergyMessageV1 | undefined;
  switch (known.type) {
    case 'ChargePlanPublished':
      value = planMessage(event, known);
      break;
    case 'GridRequestIssued': {
      // Other contexts see the whole request: every EVSE of the area it reached.
      const { targets, issuedAt: _issuedAt, ...terms } = known.data;
      value = {
        type: 'GridRequestIssued',
        ...envelope(event),
        data: { ...terms, evseIds: targets.flatMap((t) => t.evseIds) },
      } satisfies GridRequestIssuedV1;
      break;
    }
    case 'GridRequestCancelled':
      value = cancelledMessage(event, known);
      break;
    case 'GridReactionMissing':
      value = { type: 'GridReactionMissing', ...envelope(event), data: known.data } satisfies GridReactionMissingV1;
      break;
    case 'GridRequestAcknowledged': {
      if (!known.data.accepted) return [];
      const d = known.data;
      const activation: EnergyActivationV1 = {
        type: d.kind === 'CURTAILMENT' ? 'CurtailmentActivated' : 'FlexibilityActivated',
        ...envelope(event),
        data: {
          requestId: d.requestId,
          dsoPartyId: d.dsoPartyId,
          cpoPartyId: d.cpoPartyId,
          loadAreaId: d.loadAreaId,
          startsAt: d.startsAt,
          endsAt: d.endsAt,
          limitW: d.limitW,
          reductionW: d.reductionW,
          evseIds: d.evseIds,
          activatedAt: d.acknowledgedAt,
        },
      };
      value = activation;
      break;
    }
  }
  const issued = known.type === 'GridRequestIssued' ? issuedMessages(event, known).map((m) => m.value) : [];
  return [...(value ? [value] : []), ...issued.slice(0, 1)].map((v, index) =>
    integrationMessage(event, index, {
      topic: TOPICS.energyEvents,
      type: v.type,
      schemaVersion: v.schemaVersion,
      value: v,
    }),
  );
}

interface PartnerMessage {
  party: string;
  topic: string;
  value: EnergyMessageV1 | ChargingPreferencesSubmittedV1 | ChargingProgressReportedV1 | GridResponseRecordedV1;
}

/** What partners receive: CPOs their sessions' preferences and grid requests; EVSPs plans and progress; DSOs answers. */
export function toPartnerMessages(event: RecordedEvent): PartnerMessage[] {
  const known = { type: event.type, data: event.data } as KnownEvent;
  switch (known.type) {
    case 'ChargingPreferencesSubmitted': {
      const { sessionId, evseId, emspPartyId, departureAt, energyNeededWh, maxPowerW } = known.data;
      const value: ChargingPreferencesSubmittedV1 = {
        type: 'ChargingPreferencesSubmitted',
        ...envelope(event),
        data: { sessionId, evseId, emspPartyId, departureAt, energyNeededWh, maxPowerW },
      };
      return [{ party: known.data.cpoPartyId, topic: partnerOutboundTopic(known.data.cpoPartyId), value }];
    }
    case 'ChargePlanPublished':
      return [
        {
          party: known.data.emspPartyId,
          topic: partnerOutboundTopic(known.data.emspPartyId),
          value: planMessage(event, known),
        },
      ];
    case 'MeterValuesReported': {
      const last = known.data.readings[known.data.readings.length - 1];
      const value: ChargingProgressReportedV1 = {
        type: 'ChargingProgressReported',
        ...envelope(event),
        data: {
          sessionId: known.data.sessionId,
          evseId: known.data.evseId,
          energyWh: last.energyWh,
          powerW: last.powerW,
          measuredAt: last.measuredAt,
          readings: known.data.readings,
        },
      };
      return [{ party: known.data.emspPartyId, topic: partnerOutboundTopic(known.data.emspPartyId), value }];
    }
    case 'GridRequestIssued':
      return issuedMessages(event, known);
    case 'GridRequestCancelled': {
      const value = cancelledMessage(event, known);
      return known.data.targets.map((party) => ({ party, topic: partnerOutboundTopic(party), value }));
    }
    case 'GridRequestAcknowledged':
    case 'GridFulfilmentReported': {
      const d = known.data;
      const value: GridResponseRecordedV1 = {
        type: 'GridResponseRecorded',
        ...envelope(event),
        data:
          known.type === 'GridRequestAcknowledged'
            ? {
                requestId: d.requestId,
                cpoPartyId: d.cpoPartyId,
                kind: known.data.accepted ? 'ACKNOWLEDGED' : 'DECLINED',
                achievedPowerW: null,
                reason: known.data.reason,
                at: known.data.acknowledgedAt,
              }
            : {
                requestId: d.requestId,
                cpoPartyId: d.cpoPartyId,
                kind: 'FULFILMENT',
                achievedPowerW: known.data.achievedPowerW,
                reason: null,
                at: known.data.reportedAt,
              },
      };
      return [{ party: d.dsoPartyId, topic: partnerOutboundTopic(d.dsoPartyId), value }];
    }
    case 'GridReactionMissing': {
      const value: GridReactionMissingV1 = { type: 'GridReactionMissing', ...envelope(event), data: known.data };
      return [{ party: known.data.dsoPartyId, topic: partnerOutboundTopic(known.data.dsoPartyId), value }];
    }
    default:
      return [];
  }
}

/** One message per addressed CPO, with its own EVSEs; an emergency goes on the CPO's priority topic. */
function issuedMessages(
  event: RecordedEvent,
  issued: Extract<GridRequestEvent, { type: 'GridRequestIssued' }>,
): PartnerMessage[] {
  const { targets, issuedAt: _issuedAt, ...terms } = issued.data;
  const topicOf = terms.priority === 'EMERGENCY' ? partnerPriorityTopic : partnerOutboundTopic;
  return targets.map((target) => {
    const value: GridRequestIssuedV1 = {
      type: 'GridRequestIssued',
      ...envelope(event),
      data: { ...terms, evseIds: target.evseIds },
    };
    return { party: target.cpoPartyId, topic: topicOf(target.cpoPartyId), value };
  });
}

function planMessage(
  event: RecordedEvent,
  plan: Extract<ChargingSessionEvent, { type: 'ChargePlanPublished' }>,
): ChargePlanPublishedV1 {
  return { type: 'ChargePlanPublished', ...envelope(event), data: plan.data };
}

function cancelledMessage(
  event: RecordedEvent,
  cancelled: Extract<GridRequestEvent, { type: 'GridRequestCancelled' }>,
) {
  const { requestId, loadAreaId, cancelledAt } = cancelled.data;
  return {
    type: 'GridRequestCancelled',
    ...envelope(event),
    data: { requestId, loadAreaId, cancelledAt },
  } satisfies GridRequestCancelledV1;
}

/** The (stable) outbound form of a partner message: ids from (event, recipient, index) so a re-send dedupes. */
export function partnerOutbound(event: RecordedEvent, message: PartnerMessage, index: number): OutboundMessage {
  return {
    topic: message.topic,
    key: event.streamName,
    value: message.value,
    headers: {
      [HEADER.messageId]: uuidV5(`${event.messageId}:${message.party}:${index}`, CLEARING_HOUSE_NAMESPACE),
      [HEADER.type]: message.value.type,
      [HEADER.schemaVersion]: String(ENERGY_MESSAGE_SCHEMA_VERSION),
      [HEADER.correlationId]: event.metadata.correlationId ?? event.messageId,
      [HEADER.causationId]: event.messageId,
    },
  };
}
