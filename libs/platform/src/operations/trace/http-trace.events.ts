import type { DomainEvent } from '@roaming/shared-kernel';
import { streamName } from '@roaming/shared-kernel';

export const HTTP_TRACE_CATEGORY = 'httpTrace';

/** `succeeded` (2xx/3xx), `refused` (4xx: the caller's fault or not allowed), `failed` (5xx), `aborted` (no answer). */
export type CallOutcome = 'succeeded' | 'refused' | 'failed' | 'aborted';

/**
 * One call of an HTTP door (GeM 1491: a record of every service call; failed calls recorded too, UC 1241): who
 * called (partner, roles, parties, key), what (method, path, route), when, the correlation id and the outcome. No
 * bodies: they are in the events the call caused, and refused bodies may carry anything.
 */
export type HttpCallTraced = DomainEvent<
  'HttpCallTraced',
  {
    method: string;
    path: string;
    /** The route pattern that answered (`/v1/cdrs/:cdrId`), when one did. */
    route: string | null;
    query: string | null;
    status: number;
    outcome: CallOutcome;
    /** The problem+json `code` of a refused or failed call. */
    code: string | null;
    partnerId: string | null;
    roles: string[];
    partyIds: string[];
    keyId: string | null;
    correlationId: string | null;
    receivedAt: string;
    durationMs: number;
  }
>;

export type HttpCallTrace = HttpCallTraced['data'];

/** `httpTrace-<app>+<yyyy-mm-dd>`: one stream per app and UTC day, each its own hash chain. */
export function httpTraceStream(appName: string, day: string): string {
  return streamName(HTTP_TRACE_CATEGORY, `${appName}+${day}`);
}

export function outcomeOf(status: number, finished: boolean): CallOutcome {
  if (!finished) return 'aborted';
  if (status >= 500) return 'failed';
  if (status >= 400) return 'refused';
  return 'succeeded';
}
