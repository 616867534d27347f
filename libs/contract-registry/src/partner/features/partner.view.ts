import type { PartnerEndpoints } from '../domain/partner-endpoints';
import type { PartnerRole } from '../domain/partner.events';
import type { PartnerStatus, RegisteredPartner } from '../domain/partner.state';

/** The answer to a registration: what the operator asked for, normalised, and the partner's status. */
export interface PartnerSummaryView {
  partnerId: string;
  name: string;
  roles: PartnerRole[];
  partyIds: string[];
  status: PartnerStatus;
}

export interface PartnerDetailView extends PartnerSummaryView {
  partnerContractVersion: string;
  registeredAt: string;
  /** Key ids and their status; keys themselves are never stored, hashes never shown. */
  credentials: { keyId: string; status: 'active' | 'revoked'; issuedAt: string; revokedAt: string | null }[];
  endpoints: PartnerEndpoints;
  /** CPO party ids an EVSP declared as its roaming partners (GeM 1291). */
  roamingPartners: string[];
}

export function toPartnerSummary(partner: RegisteredPartner): PartnerSummaryView {
  return {
    partnerId: partner.partnerId,
    name: partner.name,
    roles: [...partner.roles],
    partyIds: [...partner.partyIds],
    status: partner.status,
  };
}

export function toPartnerDetail(partner: RegisteredPartner): PartnerDetailView {
  return {
    ...toPartnerSummary(partner),
    partnerContractVersion: partner.partnerContractVersion,
    registeredAt: partner.registeredAt,
    credentials: partner.credentials.map((c) => ({ ...c })),
    endpoints: { ...partner.endpoints },
    roamingPartners: [...partner.roamingPartners],
  };
}

/** The answer to a suspension or reactivation. */
export interface PartnerStatusView {
  status: PartnerStatus;
}
