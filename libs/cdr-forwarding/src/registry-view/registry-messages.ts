import { IntegrationMessageError, type PartnerRole } from '@roaming/contracts';
import { PartyId } from '@roaming/shared-kernel';

/**
 * Tolerant reading of the contract registry's messages: only the fields this context uses are checked, extra fields
 * are ignored, and unknown enum values make the message irrelevant (returned as undefined) rather than poison.
 * A field this context needs that is missing or of the wrong type throws, so the message is dead-lettered.
 */
type Data = Record<string, unknown>;

export interface PartnerProfile {
  partnerId: string;
  partyIds: string[];
  roles: PartnerRole[];
}
export type PartnerStanding = 'active' | 'suspended' | 'deactivated';
export type AgreementStatus = 'offered' | 'active' | 'suspended' | 'terminated';

export interface AgreementFact {
  agreementId: string;
  cpoPartyId: string;
  emspPartyId: string;
  status: AgreementStatus;
  validFrom: string;
  validUntil: string | null;
}

const PARTNER_STANDINGS: readonly PartnerStanding[] = ['active', 'suspended', 'deactivated'];
const AGREEMENT_STATUSES: readonly AgreementStatus[] = ['offered', 'active', 'suspended', 'terminated'];
const KNOWN_ROLES: readonly PartnerRole[] = ['cpo', 'emsp'];

export function readPartnerProfile(data: Data): PartnerProfile {
  return {
    partnerId: text(data, 'partnerId'),
    partyIds: partyIds(data, 'partyIds'),
    roles: stringArray(data, 'roles').filter((r): r is PartnerRole => (KNOWN_ROLES as string[]).includes(r)),
  };
}

export function readPartnerStanding(data: Data): { partnerId: string; status: PartnerStanding } | undefined {
  const status = text(data, 'status');
  if (!(PARTNER_STANDINGS as string[]).includes(status)) return undefined;
  return { partnerId: text(data, 'partnerId'), status: status as PartnerStanding };
}

export function readAgreement(data: Data): AgreementFact | undefined {
  const status = text(data, 'status');
  if (!(AGREEMENT_STATUSES as string[]).includes(status)) return undefined;
  const validUntil = data.validUntil;
  if (validUntil !== null && validUntil !== undefined && typeof validUntil !== 'string') {
    throw new IntegrationMessageError('data.validUntil must be a date-time or null');
  }
  return {
    agreementId: text(data, 'agreementId'),
    cpoPartyId: partyId(text(data, 'cpoPartyId'), 'cpoPartyId'),
    emspPartyId: partyId(text(data, 'emspPartyId'), 'emspPartyId'),
    status: status as AgreementStatus,
    validFrom: instant(text(data, 'validFrom'), 'data.validFrom'),
    validUntil: typeof validUntil === 'string' ? instant(validUntil, 'data.validUntil') : null,
  };
}

/** An ISO date-time (or a date, read as UTC midnight) in the one form the view stores and compares. */
export function instant(value: string, field: string): string {
  const millis = Date.parse(value);
  if (Number.isNaN(millis)) throw new IntegrationMessageError(`${field} is not an ISO 8601 date-time`);
  return new Date(millis).toISOString();
}

export function text(data: Data, field: string): string {
  const value = data[field];
  if (typeof value !== 'string' || value === '') throw new IntegrationMessageError(`data.${field} is missing`);
  return value;
}

export function stringArray(data: Data, field: string): string[] {
  const value = data[field];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw new IntegrationMessageError(`data.${field} must be an array of strings`);
  }
  return value as string[];
}

function partyIds(data: Data, field: string): string[] {
  return [...new Set(stringArray(data, field).map((id) => partyId(id, field)))];
}

function partyId(value: string, field: string): string {
  if (!PartyId.isValid(value)) throw new IntegrationMessageError(`data.${field} holds an invalid party id`);
  return PartyId.parse(value).value;
}
