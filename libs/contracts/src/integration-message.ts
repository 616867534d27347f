/**
 * The body of every integration message on Kafka. The header `type` repeats `type` so that consumers can route
 * without parsing; `schemaVersion` lets a tolerant reader accept additive changes.
 */
export interface IntegrationMessage<Type extends string = string, Data = unknown> {
  type: Type;
  schemaVersion: number;
  /** When the fact happened in the producing context (its event's recordedAt), ISO-8601. */
  occurredAt: string;
  data: Data;
}

export class IntegrationMessageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IntegrationMessageError';
  }
}

/** Parses a raw body into an integration message; throws (so the consumer can dead-letter it) when malformed. */
export function parseIntegrationMessage(raw: string): IntegrationMessage {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    throw new IntegrationMessageError('body is not JSON');
  }
  const m = body as Partial<IntegrationMessage>;
  if (!m || typeof m !== 'object') throw new IntegrationMessageError('body is not an object');
  if (typeof m.type !== 'string' || m.type.length === 0) throw new IntegrationMessageError('type is missing');
  if (typeof m.schemaVersion !== 'number') throw new IntegrationMessageError('schemaVersion is missing');
  if (typeof m.occurredAt !== 'string') throw new IntegrationMessageError('occurredAt is missing');
  if (!m.data || typeof m.data !== 'object') throw new IntegrationMessageError('data is missing');
  return m as IntegrationMessage;
}
