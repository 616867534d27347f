import type { ContractStatus, Service, TokenStatus, TokenType } from '../domain/contract-record';
import type { RegisteredEvContract } from '../domain/ev-contract.state';

/** An EV contract as its EVSP sees it: the anonymous contract reference and its tokens, no personal data. */
export interface EvContractView {
  emaid: string;
  emspPartyId: string;
  status: ContractStatus;
  validUntil: string | null;
  /** Its validity period has ended (worked out now: nobody sets "expired"). */
  expired: boolean;
  allowedServices: Service[] | null;
  allowOffline: boolean;
  tokens: { uid: string; type: TokenType; status: TokenStatus; contractCertificateId: string | null }[];
  registeredAt: string;
}

export function toEvContractView(contract: RegisteredEvContract, now: string): EvContractView {
  return {
    emaid: contract.emaid,
    emspPartyId: contract.emspPartyId,
    status: contract.status,
    validUntil: contract.validUntil,
    expired: contract.validUntil !== null && contract.validUntil <= now,
    allowedServices: contract.allowedServices === null ? null : [...contract.allowedServices],
    allowOffline: contract.allowOffline,
    tokens: contract.tokens.map((t) => ({
      uid: t.uid,
      type: t.type,
      status: t.status,
      contractCertificateId: t.contractCertificateId,
    })),
    registeredAt: contract.registeredAt,
  };
}
