import { NO_ENDPOINTS, type PartnerEndpoints } from './partner-endpoints';
import type { PartnerEvent, PartnerRole } from './partner.events';

/** suspended: refused until reactivated; deactivated (GeM UC 1380): no agreement binds it and none can be made. */
export type PartnerStatus = 'active' | 'suspended' | 'deactivated';

export interface PartnerCredential {
  keyId: string;
  status: 'active' | 'revoked';
  issuedAt: string;
  revokedAt: string | null;
}

export interface RegisteredPartner {
  kind: 'registered';
  partnerId: string;
  name: string;
  roles: PartnerRole[];
  partyIds: string[];
  partnerContractVersion: string;
  status: PartnerStatus;
  registeredAt: string;
  credentials: PartnerCredential[];
  endpoints: PartnerEndpoints;
  /** CPO party ids the EVSP declared it roams with (GeM 1291). */
  roamingPartners: string[];
}

export type PartnerState = { kind: 'unregistered' } | RegisteredPartner;

export const initialPartnerState = (): PartnerState => ({ kind: 'unregistered' });

export function evolvePartner(state: PartnerState, event: PartnerEvent): PartnerState {
  switch (event.type) {
    case 'PartnerRegistered':
      return {
        kind: 'registered',
        partnerId: event.data.partnerId,
        name: event.data.name,
        roles: [...event.data.roles],
        partyIds: [...event.data.partyIds],
        partnerContractVersion: event.data.partnerContractVersion,
        status: 'active',
        registeredAt: event.data.registeredAt,
        credentials: [],
        endpoints: { ...NO_ENDPOINTS },
        roamingPartners: [],
      };
    default:
      // Every later event presupposes a registration; on an unregistered stream it cannot have been decided.
      if (state.kind !== 'registered') return state;
  }
  switch (event.type) {
    case 'PartnerCredentialIssued':
      return {
        ...state,
        credentials: [
          ...state.credentials,
          { keyId: event.data.keyId, status: 'active', issuedAt: event.data.issuedAt, revokedAt: null },
        ],
      };
    case 'PartnerCredentialRevoked':
      return {
        ...state,
        credentials: state.credentials.map((c) =>
          c.keyId === event.data.keyId ? { ...c, status: 'revoked', revokedAt: event.data.revokedAt } : c,
        ),
      };
    case 'PartnerSuspended':
      return { ...state, status: 'suspended' };
    case 'PartnerReactivated':
      return { ...state, status: 'active' };
    case 'PartnerDeactivated':
      return { ...state, status: 'deactivated' };
    case 'PartnerEndpointsChanged': {
      const { webhookUrl, authorizationUrl, commandUrl, storesContractsAtHub, authorizationTimeoutMs } = event.data;
      return {
        ...state,
        endpoints: { webhookUrl, authorizationUrl, commandUrl, storesContractsAtHub, authorizationTimeoutMs },
      };
    }
    case 'PartnerRoamingPartnersDeclared':
      return { ...state, roamingPartners: [...event.data.roamingPartners] };
  }
}
