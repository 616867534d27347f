import type { IncomingMessage } from 'http';

/** 'dso': a distribution system operator (grid operator) that issues grid requests per load area (GeM 972, 1572). */
export const ROLES = ['cpo', 'emsp', 'operator', 'auditor', 'dso'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling: the partner behind an API key, the parties it acts for and what it may do. */
export interface Principal {
  readonly partnerId: string;
  /** Normalized party ids (country code + party id, e.g. `DEABC`). */
  readonly partyIds: readonly string[];
  readonly roles: readonly Role[];
  readonly keyId: string;
}

/**
 * `revoked` is per key and final; `suspended` follows the partner (all its keys) and can be lifted.
 */
export type CredentialStatus = 'active' | 'revoked' | 'suspended';

/** What a credential directory knows about a key: the principal and whether it may be used now. */
export interface Credential extends Principal {
  readonly status: CredentialStatus;
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** The marketplace operator authenticated by the bootstrap key from the configuration. */
export const OPERATOR_PRINCIPAL: Principal = Object.freeze({
  partnerId: 'operator',
  partyIds: Object.freeze([]) as readonly string[],
  roles: Object.freeze(['operator', 'auditor']) as readonly Role[],
  keyId: 'operator-bootstrap',
});

/** The Node request once the guard has authenticated it. */
export type AuthenticatedRequest = IncomingMessage & { principal?: Principal };
