import type { RecordedEvent } from '@roaming/event-store';
import { CLEARING_HOUSE_NAMESPACE, uuidV5 } from '@roaming/shared-kernel';
import { HEADER, type OutboundMessage } from '../message-bus.port';

/**
 * The id of the `index`-th integration message mapped from a domain event. Derived from the event's own id, so
 * forwarding the same event again (after a crash, or by a second instance) yields the same id and consumers dedupe.
 */
export function integrationMessageId(event: RecordedEvent, index: number): string {
  return uuidV5(`${event.messageId}:${index}`, CLEARING_HOUSE_NAMESPACE);
}

export interface IntegrationMessageSpec {
  topic: string;
  /** The integration event's type, e.g. `ContractRegistered`. */
  type: string;
  schemaVersion: number;
  value: unknown;
  /** Defaults to the event's stream name: per-aggregate order. */
  key?: string;
}

/** The `index`-th integration message of a domain event, with its deterministic id and the standard headers. */
export function integrationMessage(event: RecordedEvent, index: number, spec: IntegrationMessageSpec): OutboundMessage {
  return {
    topic: spec.topic,
    key: spec.key ?? event.streamName,
    value: spec.value,
    headers: {
      [HEADER.messageId]: integrationMessageId(event, index),
      [HEADER.type]: spec.type,
      [HEADER.schemaVersion]: String(spec.schemaVersion),
      [HEADER.correlationId]: event.metadata.correlationId ?? event.messageId,
      [HEADER.causationId]: event.messageId,
    },
  };
}

/**
 * Checks what a mapper returned and fills the headers it may leave out: causation = the domain event, correlation =
 * the event's correlation id (or the event itself), schema version 1. A message without message-id or type is a
 * mapper bug; a random id would defeat de-duplication, so it is refused rather than patched.
 */
export function completeHeaders(event: RecordedEvent, message: OutboundMessage): OutboundMessage {
  for (const required of [HEADER.messageId, HEADER.type]) {
    if (!message.headers[required]) {
      throw new Error(`mapping of event ${event.messageId} (${event.type}) gave a message without ${required} header`);
    }
  }
  return {
    ...message,
    headers: {
      [HEADER.schemaVersion]: '1',
      [HEADER.correlationId]: event.metadata.correlationId ?? event.messageId,
      [HEADER.causationId]: event.messageId,
      ...message.headers,
    },
  };
}
