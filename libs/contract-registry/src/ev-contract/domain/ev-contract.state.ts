import type { ContractTokenRecord, EvContractRecord } from './contract-record';
import type { ContractBookEvent, EvContractEvent } from './ev-contract.events';

export type { ContractStatus, TokenStatus } from './contract-record';

export interface RegisteredEvContract extends EvContractRecord {
  kind: 'registered';
  registeredAt: string;
}

export type EvContractState = { kind: 'unregistered' } | RegisteredEvContract;

export const initialEvContractState = (): EvContractState => ({ kind: 'unregistered' });

export function evolveEvContract(state: EvContractState, event: EvContractEvent): EvContractState {
  switch (event.type) {
    case 'EvContractRegistered': {
      const d = event.data;
      return {
        kind: 'registered',
        emaid: d.emaid,
        emspPartyId: d.emspPartyId,
        status: d.status ?? 'active',
        validUntil: d.validUntil,
        allowedServices: d.allowedServices ?? null,
        allowOffline: d.allowOffline ?? true,
        tokens: d.tokens.map((t): ContractTokenRecord => ({
          uid: t.uid,
          type: t.type,
          status: t.status ?? 'active',
          contractCertificateId: t.contractCertificateId ?? null,
        })),
        registeredAt: d.registeredAt,
      };
    }
    case 'EvContractReplaced':
    case 'EvContractStatusChanged':
    case 'ContractTokenStatusChanged':
      return state.kind === 'registered' ? { ...state, ...event.data.contract } : state;
    case 'TokenBlocked':
      return withTokenStatus(state, event.data.uid, 'blocked');
    case 'TokenUnblocked':
      return withTokenStatus(state, event.data.uid, 'active');
  }
}

/**
 * A contract's state after any event that touches it, including the batch events of its EVSP: used to rebuild the
 * contract book from the store and to check that the book and the events agree.
 */
export function evolveInBook(state: EvContractState, event: ContractBookEvent, emaid: string): EvContractState {
  if (event.type !== 'EvContractBatchApplied') return evolveEvContract(state, event);
  const entry = event.data.contracts.find((c) => c.contract.emaid === emaid);
  if (!entry) return state;
  return {
    kind: 'registered',
    ...entry.contract,
    registeredAt: state.kind === 'registered' ? state.registeredAt : event.data.appliedAt,
  };
}

function withTokenStatus(state: EvContractState, uid: string, status: 'blocked' | 'active'): EvContractState {
  if (state.kind !== 'registered') return state;
  return { ...state, tokens: state.tokens.map((t) => (t.uid === uid ? { ...t, status } : t)) };
}

/** The record without the state's bookkeeping. */
export function recordOf(contract: RegisteredEvContract): EvContractRecord {
  const { kind: _kind, registeredAt: _registeredAt, ...record } = contract;
  return record;
}
