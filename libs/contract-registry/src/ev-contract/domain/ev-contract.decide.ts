import { Emaid } from '@roaming/shared-kernel';
import { parseInstant } from '../../shared/instant';
import { namesToken, parseContractTokens } from './contract-token';
import type { BlockToken, EvContractCommand, RegisterEvContract, UnblockToken } from './ev-contract.commands';
import { EvContractErrors } from './ev-contract.errors';
import type { EvContractEvent } from './ev-contract.events';
import type { ContractTokenState, EvContractState, RegisteredEvContract } from './ev-contract.state';

export function decideEvContract(command: EvContractCommand, state: EvContractState): EvContractEvent[] {
  switch (command.type) {
    case 'RegisterEvContract':
      return register(command, state);
    case 'BlockToken':
      return changeTokenStatus(command, state, 'blocked');
    case 'UnblockToken':
      return changeTokenStatus(command, state, 'active');
  }
}

function register({ data }: RegisterEvContract, state: EvContractState): EvContractEvent[] {
  const parsed = Emaid.parse(data.emaid);
  // The EMAID names its issuing EVSP (ISO 15118-2 provider id): that EVSP and no other holds the contract.
  if (parsed.providerId.value !== data.emspPartyId) throw EvContractErrors.providerMismatch();
  const emaid = parsed.value;
  const tokens = parseContractTokens(data.tokens, emaid);
  const validUntil =
    data.validUntil === null ? null : parseInstant(data.validUntil, 'validUntil', 'CONTRACT_VALIDITY_INVALID');
  if (validUntil !== null && validUntil <= data.at) {
    throw EvContractErrors.validityInvalid('in-future', 'validUntil must lie in the future');
  }
  if (state.kind === 'registered') {
    // Registering the identical contract again (a retried request, a re-sync from the EVSP backend, GeM 983) is
    // a success that changes nothing; anything else must go through the change use cases.
    const same =
      state.emspPartyId === data.emspPartyId &&
      state.validUntil === validUntil &&
      state.tokens.length === tokens.length &&
      tokens.every((t) => state.tokens.some((s) => s.uid === t.uid && s.type === t.type));
    if (same) return [];
    throw EvContractErrors.exists();
  }
  return [
    {
      type: 'EvContractRegistered',
      data: { emaid, emspPartyId: data.emspPartyId, tokens, validUntil, registeredAt: data.at },
    },
  ];
}

function changeTokenStatus(
  { data }: BlockToken | UnblockToken,
  state: EvContractState,
  target: 'blocked' | 'active',
): EvContractEvent[] {
  if (state.kind !== 'registered') throw EvContractErrors.notFound();
  const token = findToken(state, data.uid);
  if (token.status === target) return [];
  const common = {
    emaid: state.emaid,
    emspPartyId: state.emspPartyId,
    uid: token.uid,
    tokenType: token.type,
    validUntil: state.validUntil,
  };
  return target === 'blocked'
    ? [{ type: 'TokenBlocked', data: { ...common, blockedAt: data.at } }]
    : [{ type: 'TokenUnblocked', data: { ...common, unblockedAt: data.at } }];
}

function findToken(contract: RegisteredEvContract, rawUid: string): ContractTokenState {
  const token = contract.tokens.find((t) => namesToken(t, rawUid, contract.emaid));
  if (!token) throw EvContractErrors.tokenNotFound();
  return token;
}
