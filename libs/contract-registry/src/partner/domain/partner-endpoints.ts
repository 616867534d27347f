import { DomainError } from '@roaming/shared-kernel';

/**
 * Where the hub reaches a partner, part of its record: the webhook it delivers to (CDRs, notifications), the
 * real-time authorization endpoint of an EVSP that keeps its contracts at home (IEC 63119 UC4-1; GeM 982 "full round
 * trip"), and the endpoint a CPO takes remote commands on.
 */
export interface PartnerEndpoints {
  webhookUrl: string | null;
  authorizationUrl: string | null;
  commandUrl: string | null;
  /** false = the EVSP keeps its contracts at home: the hub asks authorizationUrl instead of its own list. */
  storesContractsAtHub: boolean;
  /** How long the hub waits for authorizationUrl; null = the hub's default. */
  authorizationTimeoutMs: number | null;
}

export const NO_ENDPOINTS: PartnerEndpoints = Object.freeze({
  webhookUrl: null,
  authorizationUrl: null,
  commandUrl: null,
  storesContractsAtHub: true,
  authorizationTimeoutMs: null,
});

export const MAX_URL_LENGTH = 2048;
/** A driver waits at the EVSE: the hub never waits longer than this for an EVSP's answer. */
export const MAX_AUTHORIZATION_TIMEOUT_MS = 10_000;
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

export interface EndpointsInput {
  webhookUrl?: string | null;
  authorizationUrl?: string | null;
  commandUrl?: string | null;
  storesContractsAtHub?: boolean;
  authorizationTimeoutMs?: number | null;
}

/**
 * Checks and normalises endpoints: absolute https URLs (plain http only on loopback, for a partner's test rig),
 * a timeout of 1 to 10 000 ms, and no opting out of contracts at the hub without an authorization endpoint to ask
 * instead. Fields left out keep their current value.
 */
export function parsePartnerEndpoints(
  input: EndpointsInput,
  current: PartnerEndpoints,
  roles: readonly string[],
): PartnerEndpoints {
  const next: PartnerEndpoints = {
    webhookUrl: input.webhookUrl === undefined ? current.webhookUrl : url(input.webhookUrl, 'webhookUrl'),
    authorizationUrl:
      input.authorizationUrl === undefined ? current.authorizationUrl : url(input.authorizationUrl, 'authorizationUrl'),
    commandUrl: input.commandUrl === undefined ? current.commandUrl : url(input.commandUrl, 'commandUrl'),
    storesContractsAtHub: input.storesContractsAtHub ?? current.storesContractsAtHub,
    authorizationTimeoutMs:
      input.authorizationTimeoutMs === undefined
        ? current.authorizationTimeoutMs
        : timeout(input.authorizationTimeoutMs),
  };
  if (!next.storesContractsAtHub && !roles.includes('emsp')) {
    throw invalid(
      'storesContractsAtHub',
      'emsp-only',
      'only an EVSP keeps contracts; a CPO cannot opt out of storing them',
    );
  }
  if (!next.storesContractsAtHub && next.authorizationUrl === null) {
    throw invalid(
      'authorizationUrl',
      'required-when-contracts-at-home',
      'an EVSP that keeps its contracts at home needs an authorizationUrl the hub asks instead (IEC 63119 UC4-1)',
    );
  }
  return next;
}

function url(value: string | null, field: string): string | null {
  if (value === null) return null;
  if (typeof value !== 'string' || value.length > MAX_URL_LENGTH) {
    throw invalid(field, 'max-length', `${field} must be a URL of at most ${MAX_URL_LENGTH} characters`);
  }
  let parsed: URL;
  try {
    parsed = new URL(value.trim());
  } catch {
    throw invalid(field, 'absolute-url', `${field} must be an absolute URL`);
  }
  const loopback = LOOPBACK.has(parsed.hostname);
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && loopback)) {
    throw invalid(field, 'https', `${field} must use https (plain http only on localhost)`);
  }
  if (parsed.username !== '' || parsed.password !== '') {
    throw invalid(field, 'no-credentials', `${field} must not carry credentials; the hub authenticates itself`);
  }
  return parsed.toString();
}

function timeout(value: number | null): number | null {
  if (value === null) return null;
  if (!Number.isInteger(value) || value < 1 || value > MAX_AUTHORIZATION_TIMEOUT_MS) {
    throw invalid(
      'authorizationTimeoutMs',
      'range',
      `authorizationTimeoutMs must be a whole number of milliseconds from 1 to ${MAX_AUTHORIZATION_TIMEOUT_MS}`,
    );
  }
  return value;
}

function invalid(field: string, rule: string, message: string): DomainError {
  return DomainError.validation('PARTNER_ENDPOINTS_INVALID', message, { field, rule });
}

export function sameEndpoints(a: PartnerEndpoints, b: PartnerEndpoints): boolean {
  return (
    a.webhookUrl === b.webhookUrl &&
    a.authorizationUrl === b.authorizationUrl &&
    a.commandUrl === b.commandUrl &&
    a.storesContractsAtHub === b.storesContractsAtHub &&
    a.authorizationTimeoutMs === b.authorizationTimeoutMs
  );
}
