import type {
  ContractRegistryMessageV1,
  IntegrationMessage,
  PartnerRole,
  TokenStatus,
  TokenType,
} from '@roaming/contracts';
import { IntegrationMessageError } from '@roaming/contracts';
import { signingPublicKeyOf } from '@roaming/platform';
import { PartyId } from '@roaming/shared-kernel';
import { type AgreementStatus, type TimeoutPolicy, tokenKey } from '../../authorization/domain';

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
      /** Null for a key issued before signing keys: it cannot sign Kafka messages. */
      signingPublicKey: string | null;
      partyIds: string[];
      roles: PartnerRole[];
    }
  | { kind: 'credentialRevoked'; partnerId: string; keyId: string }
  | {
      kind: 'endpointsChanged';
      partnerId: string;
      /** The partner's parties, when the message repeats them (it may arrive before the registration). */
      partyIds: string[] | null;
      /** Where the provider answers real-time authorization requests (HTTP POST, JSON); null: it does not. */
      authorizationUrl: string | null;
      /** False: the provider keeps its contracts at home and decides at authorizationUrl (GeM 982). */
      contractsAtHub: boolean;
      /** The hard timeout for its answer; null: the hub's default. */
      authorizationTimeoutMs: number | null;
      /** Where a CPO takes remote start/stop commands (HTTP POST, JSON); null: only its Kafka topic. */
      commandUrl: string | null;
    }
  | {
      kind: 'agreementChanged';
      agreementId: string;
      cpoPartyId: string;
      emspPartyId: string;
      status: AgreementStatus;
      validFrom: string;
      validUntil: string | null;
      tariffId: string | null;
      timeoutPolicy: TimeoutPolicy;
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
      allowedServices: string[] | null;
      allowOffline: boolean;
    };

const ROLES: readonly PartnerRole[] = ['cpo', 'emsp'];
const PARTNER_STATUSES: readonly RegistryPartnerStatus[] = ['active', 'suspended', 'deactivated'];
const AGREEMENT_STATUSES: readonly AgreementStatus[] = ['offered', 'active', 'suspended', 'terminated'];
const TOKEN_TYPES: readonly TokenType[] = ['RFID', 'APP', 'PLUG_AND_CHARGE'];
const TOKEN_STATUSES: readonly TokenStatus[] = ['active', 'blocked', 'expired', 'stolen', 'deactivated'];
const TIMEOUT_POLICIES: readonly TimeoutPolicy[] = ['deny', 'allow-offline'];
/** OCPI's whitelist values: only these let a CPO start the token while it cannot reach the hub (UC4-2). */
const OFFLINE_WHITELISTS = ['ALWAYS', 'ALLOWED_OFFLINE'];
/** An e-mobility service id as the registry names it: CHARGING, DC_CHARGING, RESERVATION, … */
const SERVICE = /^[A-Z][A-Z0-9_]{0,39}$/;
/** The default hard timeout must stay within what a driver waits at the EVSE; a partner may ask for less or more. */
const MAX_AUTHORIZATION_TIMEOUT_MS = 10_000;

/**
 * Reads a contract-registry message as a change to the view. Tolerant reader: a type this context does not use
 * gives undefined, and fields it does not need are ignored; a known type without the fields it relies on throws,
 * so the consumer retries it and then parks it on the dead-letter topic instead of storing half a fact.
 */
export function registryViewChange(message: IntegrationMessage): RegistryViewChange | undefined {
  const type = message.type as ContractRegistryMessageV1['type'];
  const data = new Fields(type, message.data as Record<string, unknown>);
  switch (type) {
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
        signingPublicKey: signingPublicKeyOf(message.data as Record<string, unknown>),
        partyIds: data.partyIds('partyIds'),
        roles: data.roles('roles'),
      };
    case 'PartnerCredentialRevoked':
      return { kind: 'credentialRevoked', partnerId: data.text('partnerId'), keyId: data.text('keyId') };
    case 'PartnerEndpointsChanged':
      return {
        kind: 'endpointsChanged',
        partnerId: data.text('partnerId'),
        partyIds: data.absent('partyIds') ? null : data.partyIds('partyIds'),
        authorizationUrl: data.optionalUrl('authorizationUrl'),
        contractsAtHub:
          data.optionalBoolean('contractsStoredAtHub') ?? data.optionalBoolean('storesContractsAtHub') ?? true,
        authorizationTimeoutMs: data.optionalMilliseconds('authorizationTimeoutMs', MAX_AUTHORIZATION_TIMEOUT_MS),
        commandUrl: data.optionalUrl('commandUrl'),
      };
    case 'RoamingAgreementStatusChanged':
      return {
        kind: 'agreementChanged',
        agreementId: data.text('agreementId'),
        cpoPartyId: data.partyId('cpoPartyId'),
        emspPartyId: data.partyId('emspPartyId'),
        // A status this context does not know (a later registry's) can only mean "not usable for roaming".
        status: data.oneOfOr('status', AGREEMENT_STATUSES, 'terminated'),
        validFrom: data.instant('validFrom'),
        validUntil: data.optionalInstant('validUntil'),
        tariffId: data.optionalText('tariffId'),
        timeoutPolicy: data.optionalOneOf('timeoutPolicy', TIMEOUT_POLICIES) ?? 'deny',
      };
    case 'TokenStatusChanged': {
      const tokenType = data.oneOf('tokenType', TOKEN_TYPES);
      const whitelist = data.optionalText('whitelist');
      return {
        kind: 'tokenChanged',
        tokenType,
        tokenUid: tokenKey(tokenType, data.text('tokenUid')),
        emaid: data.text('emaid'),
        emspPartyId: data.partyId('emspPartyId'),
        status: data.oneOfOr('status', TOKEN_STATUSES, 'deactivated'),
        validUntil: data.optionalInstant('validUntil'),
        allowedServices: data.optionalServices('allowedServices'),
        // The registry's rule (contract-registry.v1): absent = whitelisted for offline use.
        allowOffline:
          data.optionalBoolean('allowOffline') ?? (whitelist === null || OFFLINE_WHITELISTS.includes(whitelist)),
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

  /** A value this reader does not know maps to `fallback`, the least permissive reading. */
  oneOfOr<T extends string>(field: string, allowed: readonly T[], fallback: T): T {
    const value = this.text(field);
    return (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
  }

  optionalOneOf<T extends string>(field: string, allowed: readonly T[]): T | null {
    return this.absent(field) ? null : this.oneOf(field, allowed);
  }

  optionalText(field: string): string | null {
    return this.absent(field) ? null : this.text(field);
  }

  optionalBoolean(field: string): boolean | null {
    if (this.absent(field)) return null;
    const value = this.data[field];
    if (typeof value !== 'boolean') throw this.invalid(field, 'true or false');
    return value;
  }

  /** A positive duration, capped at `max`: a partner cannot make the hub keep a driver waiting longer. */
  optionalMilliseconds(field: string, max: number): number | null {
    if (this.absent(field)) return null;
    const value = this.data[field];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
      throw this.invalid(field, 'a positive whole number of milliseconds');
    }
    return Math.min(value, max);
  }

  /** Only http(s): the hub posts to it. */
  optionalUrl(field: string): string | null {
    if (this.absent(field)) return null;
    const value = this.text(field);
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw this.invalid(field, 'an http or https URL');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw this.invalid(field, 'an http or https URL');
    return url.toString();
  }

  /** Service ids upper-cased, each once; absent = the registry restricts nothing. */
  optionalServices(field: string): string[] | null {
    if (this.absent(field)) return null;
    const value = this.data[field];
    if (!Array.isArray(value) || value.some((s) => typeof s !== 'string' || !SERVICE.test(s.toUpperCase()))) {
      throw this.invalid(field, 'a list of service ids like CHARGING');
    }
    return [...new Set(value.map((s: string) => s.toUpperCase()))];
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

  absent(field: string): boolean {
    return this.data[field] === null || this.data[field] === undefined;
  }

  private invalid(field: string, expected: string): IntegrationMessageError {
    return new IntegrationMessageError(`${this.type}: data.${field} must be ${expected}`);
  }
}
