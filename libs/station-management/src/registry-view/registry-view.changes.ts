import {
  type ContractRegistryMessageV1,
  type IntegrationMessage,
  IntegrationMessageError,
  type TokenStatus,
  type TokenType,
} from '@roaming/contracts';
import { signingPublicKeyOf } from '@roaming/platform';
import { Emaid, PartyId, TokenUid } from '@roaming/shared-kernel';

export type PartnerStanding = 'active' | 'suspended' | 'deactivated';
export type AgreementStatus = 'offered' | 'active' | 'suspended' | 'terminated';

/** What one contract-registry message changes in this context's view of the registry. */
export type RegistryChange =
  | { kind: 'partnerRegistered'; partnerId: string; partyIds: string[]; roles: string[] }
  | { kind: 'partnerStatusChanged'; partnerId: string; status: PartnerStanding }
  | {
      kind: 'credentialIssued';
      partnerId: string;
      keyId: string;
      keyHash: string;
      /** Null for a key issued before signing keys: it cannot sign Kafka messages. */
      signingPublicKey: string | null;
      partyIds: string[];
      roles: string[];
    }
  | { kind: 'credentialRevoked'; keyId: string }
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
      tokenUid: string;
      emaid: string;
      emspPartyId: string;
      status: TokenStatus;
      validUntil: string | null;
    };

const STANDINGS: readonly PartnerStanding[] = ['active', 'suspended', 'deactivated'];
const AGREEMENT_STATUSES: readonly AgreementStatus[] = ['offered', 'active', 'suspended', 'terminated'];
const TOKEN_TYPES: readonly TokenType[] = ['RFID', 'APP', 'PLUG_AND_CHARGE'];
const TOKEN_STATUSES: readonly TokenStatus[] = ['active', 'blocked', 'expired', 'stolen', 'deactivated'];

/**
 * Tolerant reading of `contract-registry.events.v1` (the published language, reused as is): types this context does
 * not use give undefined and unknown fields are ignored; a used type without a field it relies on throws, so the
 * consumer parks it on the dead-letter topic instead of storing half a fact.
 */
export function registryChange(message: IntegrationMessage): RegistryChange | undefined {
  const known = message as ContractRegistryMessageV1;
  const f = new Fields(known.type, message.data as Record<string, unknown>);
  switch (known.type) {
    case 'PartnerRegistered':
      return {
        kind: 'partnerRegistered',
        partnerId: f.text('partnerId'),
        partyIds: f.partyIds('partyIds'),
        roles: f.texts('roles'),
      };
    case 'PartnerStatusChanged':
      return { kind: 'partnerStatusChanged', partnerId: f.text('partnerId'), status: f.oneOf('status', STANDINGS) };
    case 'PartnerCredentialIssued':
      return {
        kind: 'credentialIssued',
        partnerId: f.text('partnerId'),
        keyId: f.text('keyId'),
        keyHash: f.text('keyHash').toLowerCase(),
        signingPublicKey: signingPublicKeyOf(message.data as Record<string, unknown>),
        partyIds: f.partyIds('partyIds'),
        roles: f.texts('roles'),
      };
    case 'PartnerCredentialRevoked':
      return { kind: 'credentialRevoked', keyId: f.text('keyId') };
    case 'RoamingAgreementStatusChanged':
      return {
        kind: 'agreementChanged',
        agreementId: f.text('agreementId'),
        cpoPartyId: f.partyId('cpoPartyId'),
        emspPartyId: f.partyId('emspPartyId'),
        status: f.oneOf('status', AGREEMENT_STATUSES),
        validFrom: f.instant('validFrom'),
        validUntil: f.optionalInstant('validUntil'),
      };
    case 'TokenStatusChanged': {
      const tokenType = f.oneOf('tokenType', TOKEN_TYPES);
      return {
        kind: 'tokenChanged',
        tokenType,
        tokenUid: tokenLookupKey(tokenType, f.text('tokenUid')),
        emaid: f.text('emaid'),
        emspPartyId: f.partyId('emspPartyId'),
        status: f.oneOf('status', TOKEN_STATUSES),
        validUntil: f.optionalInstant('validUntil'),
      };
    }
    default:
      return undefined;
  }
}

/**
 * The form a token uid is stored and looked up in: RFID uids as hex bytes ('04:a2:b3' finds '04A2B3'), Plug & Charge
 * tokens as the normalised eMA id, app tokens as given. A uid that does not parse is kept (upper-cased): the registry
 * owns what it registers.
 */
export function tokenLookupKey(type: TokenType, uid: string): string {
  const trimmed = uid.trim();
  switch (type) {
    case 'RFID':
      return TokenUid.isValid(trimmed) ? TokenUid.parse(trimmed).value : trimmed.toUpperCase();
    case 'PLUG_AND_CHARGE':
      return Emaid.isValid(trimmed) ? Emaid.parse(trimmed).value : trimmed.toUpperCase();
    case 'APP':
      return trimmed;
  }
}

/** Field readers whose errors name the message type and the field (they end up on the dead letter). */
class Fields {
  constructor(
    private readonly type: string,
    private readonly data: Record<string, unknown>,
  ) {}

  text(field: string): string {
    const value = this.data?.[field];
    if (typeof value !== 'string' || value.trim() === '') throw this.invalid(field, 'a non-empty string');
    return value;
  }

  texts(field: string): string[] {
    const value = this.data?.[field];
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string'))
      throw this.invalid(field, 'a list of strings');
    return [...new Set(value as string[])];
  }

  oneOf<T extends string>(field: string, allowed: readonly T[]): T {
    const value = this.text(field);
    if (!(allowed as readonly string[]).includes(value)) throw this.invalid(field, `one of ${allowed.join(', ')}`);
    return value as T;
  }

  partyId(field: string): string {
    const value = this.text(field);
    if (!PartyId.isValid(value)) throw this.invalid(field, 'a party id like DEABC');
    return PartyId.parse(value).value;
  }

  partyIds(field: string): string[] {
    const values = this.texts(field);
    if (values.some((p) => !PartyId.isValid(p))) throw this.invalid(field, 'a list of party ids');
    return [...new Set(values.map((p) => PartyId.parse(p).value))];
  }

  instant(field: string): string {
    const millis = Date.parse(this.text(field));
    if (Number.isNaN(millis)) throw this.invalid(field, 'an ISO-8601 instant');
    return new Date(millis).toISOString();
  }

  optionalInstant(field: string): string | null {
    const value = this.data?.[field];
    return value === null || value === undefined ? null : this.instant(field);
  }

  private invalid(field: string, expected: string): IntegrationMessageError {
    return new IntegrationMessageError(`${this.type}: data.${field} must be ${expected}`);
  }
}
