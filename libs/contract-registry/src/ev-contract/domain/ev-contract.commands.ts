import type { Command } from '@roaming/shared-kernel';

/** Raw token input as the EVSP sent it; the decider normalises it. `emaid` is normalised. */
export type RegisterEvContract = Command<
  'RegisterEvContract',
  {
    emaid: string;
    emspPartyId: string;
    tokens: readonly { uid: string; type: string }[];
    validUntil: string | null;
    at: string;
  }
>;

/** `uid` as the caller wrote it ('04:a2:b3:c4' finds the RFID token '04A2B3C4'). */
export type BlockToken = Command<'BlockToken', { emaid: string; uid: string; at: string }>;
export type UnblockToken = Command<'UnblockToken', { emaid: string; uid: string; at: string }>;

export type EvContractCommand = RegisterEvContract | BlockToken | UnblockToken;
