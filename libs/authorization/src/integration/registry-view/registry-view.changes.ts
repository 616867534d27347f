import type {
  ContractRegistryMessageV1,
  IntegrationMessage,
  PartnerRole,
  TokenStatus,
  TokenType,
} from '@roaming/contracts';
import { IntegrationMessageError } from '@roaming/contracts';
import { PartyId } from '@roaming/shared-kernel';
import { type AgreementStatus, tokenKey } from '../../authorization/domain';

/** A partner's standing in the marketplace, as the registry publishes it. */
export type RegistryPartnerStatus = 'active' | 'suspended' | 'deactivated';

/** What one contract-registry message changes in this context's view of the registry. */
export type RegistryViewChange =
  | { kind: 'partnerRegistered'; partnerId: string; partyIds: string[]; roles: PartnerRole[] }
  | { kind: 'partnerStatusChanged'; partnerId: string; status: RegistryPartnerStatus }
  | {
      kind: 'credentialIssued';
      partnerId: string;
      keyId: string;
      keyHash: string;
      partyIds: string[];
      roles: PartnerRole[];
    }
  | { kind: 'credentialRevoked'; partnerId: string; keyId: string }
  | {
      kind: 'agreementChanged';
      agreementId: string;
      cpoPartyId: string;
      emspPartyId: string;
      status: AgreementStatus;
      validFrom: string;
      validUntil: string | null;
    }
  | {
      kind: 'tokenChanged';
      tokenType: TokenType;
      /** Normalised with tokenKey, as lookups are. */
      tokenUid: string;
      emaid: string;
      emspPartyId: string;
      status: TokenStatus;
      validUntil: string | null;
    };

const ROLES: readonly PartnerRole[] = ['cpo', 'emsp'];
const PARTNER_STATUSES: readonly RegistryPartnerStatus[] = ['active', 'suspended', 'deactivated'];
const AGREEMENT_STATUSES: readonly AgreementStatus[] = ['offered', 'active', 'suspended', 'terminated'];
const TOKEN_TYPES: readonly TokenType[] = ['RFID', 'APP', 'PLUG_AND_CHARGE'];
const TOKEN_STATUSES: readonly TokenStatus[] = ['active', 'blocked', 'expired', 'stolen', 'deactivated'];

/**
 * Reads a contract-registry message as a change to the view. Tolerant reader: a type this context does not use
 * gives undefined, and fields it does not need are ignored; a known type without the fields it relies on throws,
 * so the consumer retries it and then parks it on the dead-letter topic instead of storing half a fact.
 */
export function registryViewChange(message: IntegrationMessage): RegistryViewChange | undefined {
  const known = message as ContractRegistryMessageV1;
  const data = new Fields(known.type, message.data as Record<string, unknown>);
  switch (known.type) {
    case 'PartnerRegistered':
      return {
        kind: 'partnerRegistered',
        partnerId: data.text('partnerId'),
        partyIds: data.partyIds('partyIds'),
        roles: data.roles('roles'),
      };
    case 'PartnerStatusChanged':
      return {
        kind: 'partnerStatusChanged',
        partnerId: data.text('partnerId'),
        status: data.oneOf('status', PARTNER_STATUSES),
      };
    case 'PartnerCredentialIssued':
      return {
        kind: 'credentialIssued',
        partnerId: data.text('partnerId'),
        keyId: data.text('keyId'),
        keyHash: data.keyHash('keyHash'),
        partyIds: data.partyIds('partyIds'),
        roles: data.roles('roles'),
      };
    case 'PartnerCredentialRevoked':
      return { kind: 'credentialRevoked', partnerId: data.text('partnerId'), keyId: data.text('keyId') };
    case 'RoamingAgreementStatusChanged':
      return {
        kind: 'agreementChanged',
        agreementId: data.text('agreementId'),
        cpoPartyId: data.partyId('cpoPartyId'),
        emspPartyId: data.partyId('emspPartyId'),
        status: data.oneOf('status', AGREEMENT_STATUSES),
        validFrom: data.instant('validFrom'),
        validUntil: data.optionalInstant('validUntil'),
      };
    case 'TokenStatusChanged': {
      const tokenType = data.oneOf('tokenType', TOKEN_TYPES);
      return {
        kind: 'tokenChanged',
        tokenType,
        tokenUid: tokenKey(tokenType, data.text('tokenUid')),
        emaid: data.text('emaid'),
        emspPartyId: data.partyId('emspPartyId'),
        status: data.oneOf('status', TOKEN_STATUSES),
        validUntil: data.optionalInstant('validUntil'),
      };
    }
    default:
      return undefined;
  }
}

/** Field readers that name the message type and the field in their errors (they end up on the dead letter). */
class Fields {
  constructor(
    private readonly type: string,
    private readonly data: Record<string, unknown>,
  ) {}

  text(field: string): string {
    const value = this.data[field];
    if (typeof value !== 'string' || value.trim() === '') throw this.invalid(field, 'a non-empty string');
    return value;
  }

  oneOf<T extends string>(field: string, allowed: readonly T[]): T {
    const value = this.data[field];
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      throw this.invalid(field, `one of ${allowed.join(', ')}`);
    }
    return value as T;
  }

  partyId(field: string): string {
    const value = this.text(field);
    if (!PartyId.isValid(value)) throw this.invalid(field, 'a party id like DEABC');
    return PartyId.parse(value).value;
  }

  partyIds(field: string): string[] {
    const value = this.data[field];
    if (!Array.isArray(value) || value.some((p) => typeof p !== 'string' || !PartyId.isValid(p))) {
      throw this.invalid(field, 'a list of party ids');
    }
    return [...new Set(value.map((p: string) => PartyId.parse(p).value))];
  }

  /** Roles this context does not know are dropped: they grant nothing here. */
  roles(field: string): PartnerRole[] {
    const value = this.data[field];
    if (!Array.isArray(value) || value.some((r) => typeof r !== 'string')) throw this.invalid(field, 'a list of roles');
    return [...new Set(value.filter((r): r is PartnerRole => (ROLES as readonly unknown[]).includes(r)))];
  }

  keyHash(field: string): string {
    const value = this.text(field).toLowerCase();
    if (!/^[0-9a-f]{64}$/.test(value)) throw this.invalid(field, 'a hex SHA-256 digest');
    return value;
  }

  instant(field: string): string {
    const value = this.text(field);
    const ms = Date.parse(value);
    if (Number.isNaN(ms)) throw this.invalid(field, 'an ISO-8601 instant');
    return new Date(ms).toISOString();
  }

  optionalInstant(field: string): string | null {
    return this.data[field] === null || this.data[field] === undefined ? null : this.instant(field);
  }

  private invalid(field: string, expected: string): IntegrationMessageError {
    return new IntegrationMessageError(`${this.type}: data.${field} must be ${expected}`);
  }
}
