import type { Command } from '@roaming/shared-kernel';
import type { EndpointsInput } from './partner-endpoints';
import type { PartnerRole } from './partner.events';

/** Times (`at`) are ISO-8601 instants read from the clock by the handler. */
export type RegisterPartner = Command<
  'RegisterPartner',
  {
    partnerId: string;
    name: string;
    roles: readonly string[];
    partyIds: readonly string[];
    partnerContractVersion: string;
    at: string;
  }
>;

/** `signingPublicKey`: the Ed25519 public key derived from the new API key (libs/platform partner-signing-key.ts). */
export type IssuePartnerCredential = Command<
  'IssuePartnerCredential',
  { partnerId: string; keyId: string; keyHash: string; signingPublicKey: string; at: string }
>;

export type RevokePartnerCredential = Command<
  'RevokePartnerCredential',
  { partnerId: string; keyId: string; at: string }
>;

export type SuspendPartner = Command<'SuspendPartner', { partnerId: string; reason: string | null; at: string }>;

export type ReactivatePartner = Command<'ReactivatePartner', { partnerId: string; at: string }>;

export type DeactivatePartner = Command<'DeactivatePartner', { partnerId: string; reason: string | null; at: string }>;

/** Issue a new key and revoke the old one in one step, so that there is no moment with neither or with both lost. */
export type RotatePartnerCredential = Command<
  'RotatePartnerCredential',
  {
    partnerId: string;
    oldKeyId: string;
    newKeyId: string;
    newKeyHash: string;
    newSigningPublicKey: string;
    at: string;
  }
>;

/** Raw endpoints as sent; fields left out keep their value. */
export type SetPartnerEndpoints = Command<
  'SetPartnerEndpoints',
  { partnerId: string; endpoints: EndpointsInput; at: string }
>;

/** `roamingPartners` as sent; checked to be registered CPOs by the handler before. */
export type DeclareRoamingPartners = Command<
  'DeclareRoamingPartners',
  { partnerId: string; roamingPartners: readonly string[]; at: string }
>;

export type PartnerCommand =
  | RegisterPartner
  | IssuePartnerCredential
  | RevokePartnerCredential
  | SuspendPartner
  | ReactivatePartner
  | DeactivatePartner
  | RotatePartnerCredential
  | SetPartnerEndpoints
  | DeclareRoamingPartners;

export type { PartnerRole };
