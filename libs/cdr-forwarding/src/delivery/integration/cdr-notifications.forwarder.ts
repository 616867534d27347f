import { Logger } from '@nestjs/common';
import {
  type CdrAcknowledgedV1,
  type CdrDeliveryStalledV1,
  type CdrReconciliationChangedV1,
  type CdrReconciliationStateV1,
  type CdrRevisionRefusedV1,
  partnerOutboundTopic,
  TOPICS,
} from '@roaming/contracts';
import type { EventStore, RecordedEvent } from '@roaming/event-store';
import { EventForwarder, integrationMessage, type MessageBus, type OutboundMessage } from '@roaming/messaging';
import { CDR_RECONCILIATION_CATEGORY, type CdrReconciliationEvent } from '../../reconciliation/domain';
import { CDR_DELIVERY_CATEGORY, type CdrDeliveryEvent } from '../domain';

export const CDR_NOTIFICATIONS_FORWARDER_ID = 'forwarder:cdr-forwarding.notifications';

/** The events cdrNotificationsOf publishes (the forwarder reads no others): keep in step with its switch. */
export const CDR_NOTIFICATION_EVENT_TYPES = [
  'CdrDeliveryStalled',
  'CdrAcknowledged',
  'CdrApproved',
  'CdrDisputed',
  'CdrDisputeRejected',
  'CdrRevised',
  'CdrRevisionRefused',
] as const;

/**
 * Publishes what the other party must learn: a stalled delivery (the alert) to the EVSP and on
 * `cdr-forwarding.events.v1`; an acknowledgement to the CPO; an approval or dispute to the CPO; a rejected dispute
 * or a revision to the EVSP; a revision refused after the approval to both (each also on `cdr-forwarding.events.v1`).
 * Message ids derive from the event ids.
 */
export function cdrNotificationsForwarder(store: EventStore, bus: MessageBus): EventForwarder {
  return new EventForwarder({
    processorId: CDR_NOTIFICATIONS_FORWARDER_ID,
    store,
    bus,
    categories: [CDR_DELIVERY_CATEGORY, CDR_RECONCILIATION_CATEGORY],
    types: CDR_NOTIFICATION_EVENT_TYPES,
    map: cdrNotificationsOf,
    logger: new Logger(`EventForwarder ${CDR_NOTIFICATIONS_FORWARDER_ID}`),
  });
}

export function cdrNotificationsOf(event: RecordedEvent): OutboundMessage[] {
  const domainEvent = { type: event.type, data: event.data } as CdrDeliveryEvent | CdrReconciliationEvent;
  const to = (party: string, type: string, value: unknown): OutboundMessage[] => [
    integrationMessage(event, 0, { topic: TOPICS.cdrForwardingEvents, type, schemaVersion: 1, value }),
    integrationMessage(event, 1, { topic: partnerOutboundTopic(party), type, schemaVersion: 1, value }),
  ];
  const { cdrId, cpoPartyId, emspPartyId } = domainEvent.data;
  const ref = { cdrId, cpoPartyId, emspPartyId };
  const reconciliation = (
    type: CdrReconciliationChangedV1['type'],
    state: CdrReconciliationStateV1,
    extra: Partial<CdrReconciliationChangedV1['data']>,
    party: string,
  ) => {
    const value: CdrReconciliationChangedV1 = {
      type,
      schemaVersion: 1,
      occurredAt: event.recordedAt,
      data: {
        ...ref,
        state,
        reasonCode: null,
        reason: null,
        revisionCdrId: null,
        occurredAt: event.recordedAt,
        ...extra,
      },
    };
    return to(party, type, value);
  };
  switch (domainEvent.type) {
    case 'CdrDeliveryStalled': {
      const value: CdrDeliveryStalledV1 = {
        type: 'CdrDeliveryStalled',
        schemaVersion: 1,
        occurredAt: event.recordedAt,
        data: { ...ref, attempts: domainEvent.data.attempts, lastError: domainEvent.data.lastError },
      };
      return to(emspPartyId, value.type, value);
    }
    case 'CdrAcknowledged': {
      const value: CdrAcknowledgedV1 = {
        type: 'CdrAcknowledged',
        schemaVersion: 1,
        occurredAt: event.recordedAt,
        data: { ...ref, acknowledgedAt: domainEvent.data.acknowledgedAt },
      };
      return to(cpoPartyId, value.type, value);
    }
    case 'CdrApproved':
      return reconciliation('CdrApproved', 'APPROVED', {}, cpoPartyId);
    case 'CdrDisputed':
      return reconciliation(
        'CdrDisputed',
        'DECLINED',
        { reasonCode: domainEvent.data.reasonCode, reason: domainEvent.data.reason },
        cpoPartyId,
      );
    case 'CdrDisputeRejected':
      return reconciliation('CdrDisputeRejected', 'REJECTED', { reason: domainEvent.data.reason }, emspPartyId);
    case 'CdrRevised':
      return reconciliation('CdrRevised', 'REVISED', { revisionCdrId: domainEvent.data.revisionCdrId }, emspPartyId);
    case 'CdrRevisionRefused': {
      const value: CdrRevisionRefusedV1 = {
        type: 'CdrRevisionRefused',
        schemaVersion: 1,
        occurredAt: event.recordedAt,
        data: {
          ...ref,
          revisionCdrId: domainEvent.data.revisionCdrId,
          code: domainEvent.data.code,
          occurredAt: event.recordedAt,
        },
      };
      const message = (index: number, topic: string) =>
        integrationMessage(event, index, { topic, type: value.type, schemaVersion: 1, value });
      return [
        message(0, TOPICS.cdrForwardingEvents),
        message(1, partnerOutboundTopic(cpoPartyId)),
        message(2, partnerOutboundTopic(emspPartyId)),
      ];
    }
    default:
      return [];
  }
}
