import type { DomainEvent } from '@roaming/shared-kernel';
import type { PartnerEndpoints } from './partner-endpoints';

/**
 * The roles a partner plays: charge point operator or e-mobility service provider (EVSP) in roaming, distribution
 * system operator (grid requests per load area, IEC 63119 UC3-10), or auditor (reads every history, changes nothing).
 */
export type PartnerRole = 'cpo' | 'emsp' | 'dso' | 'auditor';
export const PARTNER_ROLES: readonly PartnerRole[] = ['auditor', 'cpo', 'dso', 'emsp'];

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
 * An API key was handed to the partner. Only its SHA-256 (REST authentication) and the public half of the Ed25519
 * key pair derived from it (`signingPublicKey`, base64url of 32 bytes: verifies the partner's signed Kafka messages)
 * are recorded; the key is shown once and never stored, and neither value lets a reader act as the partner.
 * Roles and party ids are the key's scope, fixed when it is issued.
 * Events recorded before signing keys existed have no `signingPublicKey` (an additive field, same schema version):
 * those keys keep working on REST, but their Kafka messages are refused (UNAUTHENTICATED) until the partner rotates.
 */
export type PartnerCredentialIssued = DomainEvent<
  'PartnerCredentialIssued',
  {
    partnerId: string;
    keyId: string;
    keyHash: string;
    signingPublicKey?: string;
    roles: PartnerRole[];
    partyIds: string[];
    issuedAt: string;
  }
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

/** A suspended or deactivated partner is active again (GeM UC 1379); its unrevoked keys work again. */
export type PartnerReactivated = DomainEvent<'PartnerReactivated', { partnerId: string; reactivatedAt: string }>;

/**
 * The partner was deactivated (GeM 1369, UC 1380) once no agreement bound it any more: its keys are refused like a
 * suspended partner's, and no new agreement can be made with it. Its record and history stay.
 */
export type PartnerDeactivated = DomainEvent<
  'PartnerDeactivated',
  { partnerId: string; reason: string | null; deactivatedAt: string }
>;

/** The partner's endpoints are now these (all of them, so that readers need no earlier event). */
export type PartnerEndpointsChanged = DomainEvent<
  'PartnerEndpointsChanged',
  PartnerEndpoints & { partnerId: string; partyIds: string[]; roles: PartnerRole[]; changedAt: string }
>;

/** The EVSP declared the CPOs it roams with (GeM 1291); the whole list, replacing the one before. */
export type PartnerRoamingPartnersDeclared = DomainEvent<
  'PartnerRoamingPartnersDeclared',
  { partnerId: string; roamingPartners: string[]; declaredAt: string }
>;

export type PartnerEvent =
  | PartnerRegistered
  | PartnerCredentialIssued
  | PartnerCredentialRevoked
  | PartnerSuspended
  | PartnerReactivated
  | PartnerDeactivated
  | PartnerEndpointsChanged
  | PartnerRoamingPartnersDeclared;
