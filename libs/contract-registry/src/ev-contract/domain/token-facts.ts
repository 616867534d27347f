import {
  effectiveTokenStatus,
  type EvContractRecord,
  type Service,
  type TokenStatus,
  type TokenType,
} from './contract-record';
import type { ContractBookEvent } from './ev-contract.events';
import { evolveEvContract, initialEvContractState, recordOf } from './ev-contract.state';

/** What other contexts (and the whitelist) know of one token: whose it is and whether it may charge. */
export interface TokenFact {
  emaid: string;
  emspPartyId: string;
  uid: string;
  tokenType: TokenType;
  /** The token's status as it applies: the contract's, unless the contract is active. */
  status: TokenStatus;
  validUntil: string | null;
  allowedServices: Service[] | null;
  allowOffline: boolean;
}

/**
 * The tokens an event changes, each with its facts after the event, read from the event alone. An event that carries
 * a whole contract gives all its tokens (unchanged ones again: harmless for readers that keep the latest state).
 */
export function tokenFactsOf(event: ContractBookEvent): TokenFact[] {
  switch (event.type) {
    case 'EvContractRegistered': {
      const state = evolveEvContract(initialEvContractState(), event);
      return state.kind === 'registered' ? factsOf(recordOf(state)) : [];
    }
    case 'EvContractReplaced':
    case 'EvContractStatusChanged':
    case 'ContractTokenStatusChanged':
      return factsOf(event.data.contract);
    case 'EvContractBatchApplied':
      return event.data.contracts.flatMap(({ contract }) => factsOf(contract));
    case 'TokenBlocked':
    case 'TokenUnblocked': {
      const d = event.data;
      const contract = { status: d.contractStatus ?? 'active' };
      const status = effectiveTokenStatus(contract, { status: event.type === 'TokenBlocked' ? 'blocked' : 'active' });
      return [
        {
          emaid: d.emaid,
          emspPartyId: d.emspPartyId,
          uid: d.uid,
          tokenType: d.tokenType,
          status,
          validUntil: d.validUntil,
          allowedServices: d.allowedServices ?? null,
          allowOffline: d.allowOffline ?? true,
        },
      ];
    }
  }
}

function factsOf(contract: EvContractRecord): TokenFact[] {
  return contract.tokens.map((token) => ({
    emaid: contract.emaid,
    emspPartyId: contract.emspPartyId,
    uid: token.uid,
    tokenType: token.type,
    status: effectiveTokenStatus(contract, token),
    validUntil: contract.validUntil,
    allowedServices: contract.allowedServices,
    allowOffline: contract.allowOffline,
  }));
}
