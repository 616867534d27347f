import type { TokenType } from '../domain/ev-contract.events';
import type { RegisteredEvContract, TokenStatus } from '../domain/ev-contract.state';

/** An EV contract as its EVSP sees it: the anonymous contract reference and its tokens, no personal data. */
export interface EvContractView {
  emaid: string;
  emspPartyId: string;
  tokens: { uid: string; type: TokenType; status: TokenStatus }[];
  validUntil: string | null;
}

export interface EvContractDetailView extends EvContractView {
  registeredAt: string;
}

export function toEvContractView(contract: RegisteredEvContract): EvContractView {
  return {
    emaid: contract.emaid,
    emspPartyId: contract.emspPartyId,
    tokens: contract.tokens.map((t) => ({ uid: t.uid, type: t.type, status: t.status })),
    validUntil: contract.validUntil,
  };
}

export function toEvContractDetail(contract: RegisteredEvContract): EvContractDetailView {
  return { ...toEvContractView(contract), registeredAt: contract.registeredAt };
}
