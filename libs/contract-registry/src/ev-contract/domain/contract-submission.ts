import { Emaid } from '@roaming/shared-kernel';
import { parseInstant } from '../../shared/instant';
import {
  CONTRACT_STATUSES,
  type ContractStatus,
  type EvContractRecord,
  type Service,
  SERVICES,
} from './contract-record';
import { parseContractTokens } from './contract-token';
import { EvContractErrors } from './ev-contract.errors';

/** A contract as an EVSP sends it (REST body, batch row, Kafka message): its whole record, not a patch. */
export interface ContractSubmission {
  emaid: string;
  status?: string;
  validUntil?: string | null;
  allowedServices?: string[] | null;
  allowOffline?: boolean;
  tokens: { uid: string; type: string; status?: string; contractCertificateId?: string | null }[];
}

const FIELDS = new Set(['emaid', 'status', 'validUntil', 'allowedServices', 'allowOffline', 'tokens']);

/**
 * Checks one submitted contract and returns the record it asks for, normalised: the EMAID (ISO 15118 check digit)
 * issued by `emspPartyId`, a status, a validity end, the allowed services, the offline permission and its tokens.
 * Fields left out take their defaults (active, open-ended, every service, offline allowed): a submission is the full
 * record. Field paths in errors start with `prefix` ('contracts.3.').
 */
export function parseContractSubmission(input: unknown, emspPartyId: string, prefix = ''): EvContractRecord {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw EvContractErrors.tokensInvalid(
      prefix.replace(/\.$/, '') || '(root)',
      'object',
      'a contract must be an object',
    );
  }
  const raw = input as Record<string, unknown>;
  const unknown = Object.keys(raw).find((key) => !FIELDS.has(key));
  if (unknown !== undefined) throw EvContractErrors.fieldUnknown(`${prefix}${unknown}`);

  const emaid = Emaid.parse(raw.emaid as string, `${prefix}emaid`);
  // The EMAID names its issuing EVSP (ISO 15118-2 provider id): that EVSP and no other holds the contract.
  if (emaid.providerId.value !== emspPartyId) throw EvContractErrors.providerMismatch(`${prefix}emaid`);
  return {
    emaid: emaid.value,
    emspPartyId,
    status: status(raw.status, `${prefix}status`),
    validUntil: validUntil(raw.validUntil, `${prefix}validUntil`),
    allowedServices: services(raw.allowedServices, `${prefix}allowedServices`),
    allowOffline: allowOffline(raw.allowOffline, `${prefix}allowOffline`),
    tokens: parseContractTokens(raw.tokens, emaid.value, prefix),
  };
}

function status(raw: unknown, field: string): ContractStatus {
  if (raw === undefined || raw === null) return 'active';
  if (!CONTRACT_STATUSES.includes(raw as ContractStatus)) throw EvContractErrors.statusInvalid(field);
  return raw as ContractStatus;
}

function validUntil(raw: unknown, field: string): string | null {
  if (raw === undefined || raw === null) return null;
  return parseInstant(raw as string, field, 'CONTRACT_VALIDITY_INVALID');
}

function services(raw: unknown, field: string): Service[] | null {
  if (raw === undefined || raw === null) return null;
  if (!Array.isArray(raw)) throw EvContractErrors.servicesInvalid(field, 'type', `${field} must be a list of services`);
  const seen = new Set<Service>();
  raw.forEach((service: unknown, index) => {
    if (!SERVICES.includes(service as Service)) {
      throw EvContractErrors.servicesInvalid(
        `${field}.${index}`,
        'one-of',
        `${field}.${index} must be one of ${SERVICES.join(', ')}`,
      );
    }
    if (seen.has(service as Service)) {
      throw EvContractErrors.servicesInvalid(`${field}.${index}`, 'unique', `${field}.${index} is listed twice`);
    }
    seen.add(service as Service);
  });
  return [...seen].sort();
}

function allowOffline(raw: unknown, field: string): boolean {
  if (raw === undefined || raw === null) return true;
  if (typeof raw !== 'boolean') throw EvContractErrors.allowOfflineInvalid(field);
  return raw;
}
