import type { DomainEvent } from '@roaming/shared-kernel';

/** The roles a partner plays in roaming: charge point operator or e-mobility service provider (EVSP). */
export type PartnerRole = 'cpo' | 'emsp';
export const PARTNER_ROLES: readonly PartnerRole[] = ['cpo', 'emsp'];

/**
 * The operator created the business partner after the partner accepted the partner contract (GeM UC 1374).
 * `partyIds` are normalised ('DEABC'); the partner acts for exactly these parties.
 */
export type PartnerRegistered = DomainEvent<
  'PartnerRegistered',
  {
    partnerId: string;
    name: string;
    roles: PartnerRole[];
    partyIds: string[];
    partnerContractVersion: string;
    registeredAt: string;
  }
>;

/**
 * An API key was handed to the partner. Only its SHA-256 is recorded: the key is shown once and never stored.
 * Roles and party ids are the key's scope, fixed when it is issued.
 */
export type PartnerCredentialIssued = DomainEvent<
  'PartnerCredentialIssued',
  { partnerId: string; keyId: string; keyHash: string; roles: PartnerRole[]; partyIds: string[]; issuedAt: string }
>;

export type PartnerCredentialRevoked = DomainEvent<
  'PartnerCredentialRevoked',
  { partnerId: string; keyId: string; revokedAt: string }
>;

/** The partner may no longer use the hub; its keys are refused until it is reactivated. */
export type PartnerSuspended = DomainEvent<
  'PartnerSuspended',
  { partnerId: string; reason: string | null; suspendedAt: string }
>;

export type PartnerReactivated = DomainEvent<'PartnerReactivated', { partnerId: string; reactivatedAt: string }>;

export type PartnerEvent =
  PartnerRegistered | PartnerCredentialIssued | PartnerCredentialRevoked | PartnerSuspended | PartnerReactivated;

export const PARTNER_EVENT_TYPES: readonly PartnerEvent['type'][] = [
  'PartnerRegistered',
  'PartnerCredentialIssued',
  'PartnerCredentialRevoked',
  'PartnerSuspended',
  'PartnerReactivated',
];
