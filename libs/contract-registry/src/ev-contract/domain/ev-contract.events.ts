import type { DomainEvent } from '@roaming/shared-kernel';

export type TokenType = 'RFID' | 'APP' | 'PLUG_AND_CHARGE';
export const TOKEN_TYPES: readonly TokenType[] = ['RFID', 'APP', 'PLUG_AND_CHARGE'];

export interface ContractToken {
  /** Normalised: RFID hex upper case without separators, Plug & Charge the EMAID, app ids as given. */
  uid: string;
  type: TokenType;
}

/**
 * An EVSP registered one of its customer contracts with the clearing house (GeM UC 1514, FTR 983) so that roaming
 * authorizations can be answered from the hub's own list (IEC 63119 UC4-2 pre-distribution). Only the anonymous
 * contract reference (EMAID) and its tokens: eMI3 AA — "no details about the account / contract holder".
 */
export type EvContractRegistered = DomainEvent<
  'EvContractRegistered',
  { emaid: string; emspPartyId: string; tokens: ContractToken[]; validUntil: string | null; registeredAt: string }
>;

/**
 * The EVSP blocked one token of the contract (GeM UC 1502 failure reason "contract has been blocked"). Carries the
 * token's type, owner and the contract's validity so that its readers need no other event.
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
  }
>;

export type EvContractEvent = EvContractRegistered | TokenBlocked | TokenUnblocked;
