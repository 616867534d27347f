import type { EvContractEvent, TokenType } from './ev-contract.events';

export type TokenStatus = 'active' | 'blocked';

export interface ContractTokenState {
  uid: string;
  type: TokenType;
  status: TokenStatus;
}

export interface RegisteredEvContract {
  kind: 'registered';
  emaid: string;
  emspPartyId: string;
  tokens: ContractTokenState[];
  validUntil: string | null;
  registeredAt: string;
}

export type EvContractState = { kind: 'unregistered' } | RegisteredEvContract;

export const initialEvContractState = (): EvContractState => ({ kind: 'unregistered' });

export function evolveEvContract(state: EvContractState, event: EvContractEvent): EvContractState {
  switch (event.type) {
    case 'EvContractRegistered':
      return {
        kind: 'registered',
        emaid: event.data.emaid,
        emspPartyId: event.data.emspPartyId,
        tokens: event.data.tokens.map((t) => ({ uid: t.uid, type: t.type, status: 'active' })),
        validUntil: event.data.validUntil,
        registeredAt: event.data.registeredAt,
      };
    case 'TokenBlocked':
      return withTokenStatus(state, event.data.uid, 'blocked');
    case 'TokenUnblocked':
      return withTokenStatus(state, event.data.uid, 'active');
  }
}

function withTokenStatus(state: EvContractState, uid: string, status: TokenStatus): EvContractState {
  if (state.kind !== 'registered') return state;
  return { ...state, tokens: state.tokens.map((t) => (t.uid === uid ? { ...t, status } : t)) };
}
