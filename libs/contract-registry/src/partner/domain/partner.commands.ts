import type { Command } from '@roaming/shared-kernel';
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

export type IssuePartnerCredential = Command<
  'IssuePartnerCredential',
  { partnerId: string; keyId: string; keyHash: string; at: string }
>;

export type RevokePartnerCredential = Command<
  'RevokePartnerCredential',
  { partnerId: string; keyId: string; at: string }
>;

export type SuspendPartner = Command<'SuspendPartner', { partnerId: string; reason: string | null; at: string }>;

export type ReactivatePartner = Command<'ReactivatePartner', { partnerId: string; at: string }>;

export type PartnerCommand =
  RegisterPartner | IssuePartnerCredential | RevokePartnerCredential | SuspendPartner | ReactivatePartner;

export type { PartnerRole };
