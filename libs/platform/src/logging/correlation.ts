import { AsyncLocalStorage } from 'async_hooks';
import { randomUUID } from 'crypto';

export const CORRELATION_ID_HEADER = 'X-Correlation-ID';
export const REQUEST_ID_HEADER = 'X-Request-ID';

interface CorrelationContext {
  readonly correlationId: string;
}

const storage = new AsyncLocalStorage<CorrelationContext>();

/** The correlation id of the request or message being handled, if any: put it into event metadata. */
export function currentCorrelationId(): string | undefined {
  return storage.getStore()?.correlationId;
}

/** Runs `work` with `correlationId` as the current one; consumers use it to carry a message's id into handlers. */
export function runWithCorrelationId<T>(correlationId: string, work: () => T): T {
  return storage.run({ correlationId }, work);
}

// Ids end up in logs and event metadata: accept only short, printable ids so a caller cannot forge log lines.
const ACCEPTABLE_ID = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

type HeaderValue = string | string[] | number | undefined;

/**
 * The caller's `X-Correlation-ID` (or `X-Request-ID`) when it is acceptable, else a new UUID.
 * `headers` are Node's lower-cased incoming headers.
 */
export function correlationIdFrom(headers: Readonly<Record<string, HeaderValue>>): string {
  for (const name of [CORRELATION_ID_HEADER, REQUEST_ID_HEADER]) {
    const raw = headers[name.toLowerCase()];
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (typeof value === 'string' && ACCEPTABLE_ID.test(value.trim())) return value.trim();
  }
  return randomUUID();
}
