import { type CdrForwardedV1, type CdrRejectedV1, type CdrV1, partnerOutboundTopic, TOPICS } from '@roaming/contracts';
import type { RecordedEvent } from '@roaming/event-store';
import { integrationMessage, type OutboundMessage } from '@roaming/messaging';
import type { CdrEvent, CdrRecord } from '../cdr/domain';

/** The published form of a forwarded CDR (libs/contracts CdrV1). */
export function toCdrV1(data: CdrRecord, emspPartyId: string): CdrV1 {
  return {
    cdrId: data.cdrId,
    cpoPartyId: data.cpoPartyId,
    emspPartyId,
    evseId: data.evseId,
    emaid: data.emaid,
    tokenUid: data.tokenUid,
    authorizationId: data.authorizationId,
    startedAt: data.startedAt,
    endedAt: data.endedAt,
    energyWh: data.energyWh,
    totalCost: { amount: data.totalCost.amount, currency: data.totalCost.currency },
  };
}

/**
 * Domain event → integration messages, keyed by the CDR's stream name (one CDR's messages stay in order):
 * - CdrForwarded goes to `cdr-forwarding.events.v1` (settlement and other contexts) and to the home EVSP's own
 *   `b2b.<party>.outbound.v1` (its Kafka push delivery: eMI3 UC 200 step 16.1 "MCH → EVSP");
 * - CdrRejected goes to `cdr-forwarding.events.v1` and to the submitting CPO's outbound topic, so a CPO that sends
 *   CDRs over Kafka (where no HTTP answer exists) learns of the refusal and its code.
 * CdrReceived stays internal: it is the audit record of the submission, not news for anyone.
 */
export function cdrEventToIntegration(event: RecordedEvent): OutboundMessage[] {
  const domainEvent = { type: event.type, data: event.data } as CdrEvent;
  switch (domainEvent.type) {
    case 'CdrForwarded': {
      const value: CdrForwardedV1 = {
        type: 'CdrForwarded',
        schemaVersion: 1,
        occurredAt: event.recordedAt,
        data: toCdrV1(domainEvent.data, domainEvent.data.emspPartyId),
      };
      return [
        integrationMessage(event, 0, { topic: TOPICS.cdrForwardingEvents, type: value.type, schemaVersion: 1, value }),
        integrationMessage(event, 1, {
          topic: partnerOutboundTopic(domainEvent.data.emspPartyId),
          type: value.type,
          schemaVersion: 1,
          value,
        }),
      ];
    }
    case 'CdrRejected': {
      const { cdrId, cpoPartyId, code, reason } = domainEvent.data;
      const value: CdrRejectedV1 = {
        type: 'CdrRejected',
        schemaVersion: 1,
        occurredAt: event.recordedAt,
        data: { cdrId, cpoPartyId, code, reason },
      };
      return [
        integrationMessage(event, 0, { topic: TOPICS.cdrForwardingEvents, type: value.type, schemaVersion: 1, value }),
        integrationMessage(event, 1, {
          topic: partnerOutboundTopic(cpoPartyId),
          type: value.type,
          schemaVersion: 1,
          value,
        }),
      ];
    }
    default:
      return [];
  }
}
