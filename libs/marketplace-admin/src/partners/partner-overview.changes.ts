import type { IntegrationMessage } from '@roaming/contracts';

/** What the operator's partner overview learns from one registry message (tolerant reader: unknown → nothing). */
export type PartnerOverviewChange =
  | { kind: 'registered'; partnerId: string; name: string; roles: string[]; partyIds: string[]; at: string }
  | { kind: 'statusChanged'; partnerId: string; status: string; at: string }
  | { kind: 'scopeChanged'; partnerId: string; roles: string[]; partyIds: string[]; at: string }
  | { kind: 'credentialIssued'; partnerId: string; keyId: string; at: string }
  | { kind: 'credentialRevoked'; partnerId: string; keyId: string; at: string };

type Data = Record<string, unknown>;

const text = (data: Data, field: string): string | undefined =>
  typeof data[field] === 'string' ? (data[field] as string) : undefined;
const texts = (data: Data, field: string): string[] | undefined =>
  Array.isArray(data[field]) && (data[field] as unknown[]).every((v) => typeof v === 'string')
    ? [...(data[field] as string[])]
    : undefined;

export function partnerOverviewChange(message: IntegrationMessage): PartnerOverviewChange | undefined {
  const data = message.data as Data;
  const partnerId = text(data, 'partnerId');
  if (!partnerId) return undefined;
  const at = message.occurredAt;
  switch (message.type) {
    case 'PartnerRegistered': {
      const name = text(data, 'name');
      const roles = texts(data, 'roles');
      const partyIds = texts(data, 'partyIds');
      return name && roles && partyIds ? { kind: 'registered', partnerId, name, roles, partyIds, at } : undefined;
    }
    case 'PartnerStatusChanged': {
      const status = text(data, 'status');
      return status ? { kind: 'statusChanged', partnerId, status, at } : undefined;
    }
    case 'PartnerEndpointsChanged': {
      const roles = texts(data, 'roles');
      const partyIds = texts(data, 'partyIds');
      return roles && partyIds ? { kind: 'scopeChanged', partnerId, roles, partyIds, at } : undefined;
    }
    case 'PartnerCredentialIssued':
    case 'PartnerCredentialRevoked': {
      const keyId = text(data, 'keyId');
      if (!keyId) return undefined;
      return {
        kind: message.type === 'PartnerCredentialIssued' ? 'credentialIssued' : 'credentialRevoked',
        partnerId,
        keyId,
        at,
      };
    }
    default:
      return undefined;
  }
}
