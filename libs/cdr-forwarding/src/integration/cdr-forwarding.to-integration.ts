import {
  type CdrForwardedV1,
  type CdrPriceDeviationV1,
  type CdrRejectedV1,
  type CdrV1,
  partnerOutboundTopic,
  TOPICS,
} from '@roaming/contracts';
import type { RecordedEvent } from '@roaming/event-store';
import { integrationMessage, type OutboundMessage } from '@roaming/messaging';
import { type CdrEvent, type CdrPriceCheck, type CdrRecord, violationsOf, withRecordDefaults } from '../cdr/domain';

/** What the clearing house adds to the record when it forwards it. */
export interface ForwardingExtras {
  authorizationMode?: 'AUTHORIZED' | 'OFFLINE' | 'UNAUTHORIZED';
  priceCheck?: CdrPriceCheck | null;
  timeZone?: string | null;
  receivedAt?: string;
}

/**
 * The published form of a record (libs/contracts CdrV1): every field, the optional ones with their stated defaults
 * when the record predates them; signed meter data exactly as received.
 */
export function toCdrV1(data: CdrRecord, emspPartyId: string, extras: ForwardingExtras = {}): CdrV1 {
  const r = withRecordDefaults(data);
  const v1: CdrV1 = {
    cdrId: r.cdrId,
    cpoPartyId: r.cpoPartyId,
    emspPartyId,
    evseId: r.evseId,
    emaid: r.emaid,
    tokenUid: r.tokenUid,
    authorizationId: r.authorizationId,
    startedAt: r.startedAt,
    endedAt: r.endedAt,
    energyWh: r.energyWh,
    totalCost: { amount: r.totalCost.amount, currency: r.totalCost.currency },
    recordType: r.recordType,
    sessionId: r.sessionId,
    authorizationMode: extras.authorizationMode ?? 'AUTHORIZED',
    timeZone: extras.timeZone ?? r.timeZone ?? 'UTC',
    ...(r.chargingDurationSeconds !== null && { chargingDurationSeconds: r.chargingDurationSeconds }),
    ...(r.parkingDurationSeconds !== null && { parkingDurationSeconds: r.parkingDurationSeconds }),
    reactiveEnergyVarh: r.reactiveEnergyVarh,
    chargingPeriods: r.chargingPeriods.map((p) => ({ ...p })),
    meterValues: r.meterValues.map((m) => ({ ...m })),
    signedMeterData: r.signedMeterData && { format: r.signedMeterData.format, value: r.signedMeterData.value },
    tariffId: r.tariffId,
    costBreakdown: r.costBreakdown && { exclVat: r.costBreakdown.exclVat, vat: r.costBreakdown.vat },
    services: r.services.map((s) => ({ ...s })),
    creditOf: r.creditOf,
    revisionOf: r.revisionOf,
    ...(extras.receivedAt !== undefined && { receivedAt: extras.receivedAt }),
    ...(extras.priceCheck && { priceCheck: JSON.parse(JSON.stringify(extras.priceCheck)) as CdrV1['priceCheck'] }),
  };
  return v1;
}

/** The `cdr` events cdrEventToIntegration publishes (the forwarder reads no others): keep in step with its switch. */
export const CDR_PUBLISHED_EVENT_TYPES = ['CdrForwarded', 'CdrRejected', 'CdrPriceDeviation'] as const;

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
        data: toCdrV1(domainEvent.data, domainEvent.data.emspPartyId, {
          authorizationMode: domainEvent.data.authorizationMode,
          timeZone: domainEvent.data.timeZone,
          priceCheck: domainEvent.data.priceCheck,
        }),
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
        data: {
          cdrId,
          cpoPartyId,
          code,
          reason,
          violations: violationsOf(domainEvent.data).map((v) => ({ code: v.code, field: v.field, reason: v.reason })),
        },
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
    case 'CdrPriceDeviation': {
      const { cdrId, cpoPartyId, emspPartyId, check } = domainEvent.data;
      const value: CdrPriceDeviationV1 = {
        type: 'CdrPriceDeviation',
        schemaVersion: 1,
        occurredAt: event.recordedAt,
        data: {
          cdrId,
          cpoPartyId,
          emspPartyId,
          check: JSON.parse(JSON.stringify(check)) as CdrPriceDeviationV1['data']['check'],
        },
      };
      return [
        integrationMessage(event, 0, { topic: TOPICS.cdrForwardingEvents, type: value.type, schemaVersion: 1, value }),
        integrationMessage(event, 1, {
          topic: partnerOutboundTopic(emspPartyId),
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
