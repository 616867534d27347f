import type { Command } from '@roaming/shared-kernel';
import type { ContractStatus, TokenStatus } from './contract-record';

/**
 * `submission` is the contract as the EVSP sent it; `uidOwners` is looked up before deciding: the contract each
 * submitted uid already names within the EVSP (uid → EMAID).
 */
export type RegisterEvContract = Command<
  'RegisterEvContract',
  { submission: unknown; emspPartyId: string; uidOwners: ReadonlyMap<string, string>; at: string }
>;

/** Store the submitted record, registering or replacing the contract (PUT). */
export type StoreEvContract = Command<
  'StoreEvContract',
  { submission: unknown; emspPartyId: string; uidOwners: ReadonlyMap<string, string>; at: string }
>;

export type ChangeContractStatus = Command<
  'ChangeContractStatus',
  { emaid: string; status: ContractStatus; at: string }
>;

/** `uid` as the caller wrote it ('04:a2:b3:c4' finds the RFID token '04A2B3C4'). */
export type BlockToken = Command<'BlockToken', { emaid: string; uid: string; at: string }>;
export type UnblockToken = Command<'UnblockToken', { emaid: string; uid: string; at: string }>;
export type ChangeTokenStatus = Command<
  'ChangeTokenStatus',
  { emaid: string; uid: string; status: TokenStatus; at: string }
>;

export type EvContractCommand =
  RegisterEvContract | StoreEvContract | ChangeContractStatus | BlockToken | UnblockToken | ChangeTokenStatus;
