import type { DomainEvent } from '@roaming/shared-kernel';
import type {
  ContractStatus,
  ContractToken,
  EvContractRecord,
  Service,
  TokenStatus,
  TokenType,
} from './contract-record';

export type { ContractToken, TokenType } from './contract-record';
export { TOKEN_TYPES } from './contract-record';

/**
 * An EVSP registered one of its customer contracts (GeM UC 1514, FTR 983) so that roaming authorizations can be
 * answered from the hub's own list (IEC 63119 UC4-2 pre-distribution). Only the anonymous contract reference (EMAID)
 * and its tokens: eMI3 AA — "no details about the account / contract holder". Events recorded before statuses,
 * services and the offline flag existed lack them: read as active, every service, offline allowed.
 */
export type EvContractRegistered = DomainEvent<
  'EvContractRegistered',
  {
    emaid: string;
    emspPartyId: string;
    tokens: (ContractToken & { status?: TokenStatus; contractCertificateId?: string | null })[];
    validUntil: string | null;
    registeredAt: string;
    status?: ContractStatus;
    allowedServices?: Service[] | null;
    allowOffline?: boolean;
  }
>;

/** The EVSP sent the contract's record again with changes (GeM UC 1515): this is the record now. */
export type EvContractReplaced = DomainEvent<'EvContractReplaced', { contract: EvContractRecord; replacedAt: string }>;

/**
 * The EVSP blocked, reported stolen, deactivated ("deleted", GeM UC 1516) or reactivated the whole contract; every
 * token follows the contract's status.
 */
export type EvContractStatusChanged = DomainEvent<
  'EvContractStatusChanged',
  { contract: EvContractRecord; previousStatus: ContractStatus; changedAt: string }
>;

/**
 * The EVSP blocked one token of the contract (GeM UC 1502 failure reason "contract has been blocked"). Carries the
 * token's type, owner and the contract's validity (and, since they exist, the contract's status and terms) so that
 * its readers need no other event.
 */
export type TokenBlocked = DomainEvent<
  'TokenBlocked',
  {
    emaid: string;
    emspPartyId: string;
    uid: string;
    tokenType: TokenType;
    validUntil: string | null;
    blockedAt: string;
    contractStatus?: ContractStatus;
    allowedServices?: Service[] | null;
    allowOffline?: boolean;
  }
>;

export type TokenUnblocked = DomainEvent<
  'TokenUnblocked',
  {
    emaid: string;
    emspPartyId: string;
    uid: string;
    tokenType: TokenType;
    validUntil: string | null;
    unblockedAt: string;
    contractStatus?: ContractStatus;
    allowedServices?: Service[] | null;
    allowOffline?: boolean;
  }
>;

/** One token was reported stolen, deactivated or made active again; the contract record after it. */
export type ContractTokenStatusChanged = DomainEvent<
  'ContractTokenStatusChanged',
  { contract: EvContractRecord; uid: string; previousStatus: TokenStatus; changedAt: string }
>;

/**
 * Many contracts of one EVSP stored at once: a bulk upload or delta update over REST, or a message of the B2B Kafka
 * topic (GeM 983 "CRUD operations ... via APIs, so that syncing can be triggered from external systems"). One event
 * for the whole batch, holding the record after the change of every contract it registered or replaced (contracts sent
 * unchanged are left out): a million tokens are a few hundred appends, not a million.
 */
export type EvContractBatchApplied = DomainEvent<
  'EvContractBatchApplied',
  {
    batchId: string;
    emspPartyId: string;
    source: 'rest' | 'kafka';
    received: number;
    contracts: { change: 'registered' | 'replaced'; contract: EvContractRecord }[];
    appliedAt: string;
  }
>;

export type EvContractEvent =
  | EvContractRegistered
  | EvContractReplaced
  | EvContractStatusChanged
  | TokenBlocked
  | TokenUnblocked
  | ContractTokenStatusChanged;

export type ContractBookEvent = EvContractEvent | EvContractBatchApplied;
