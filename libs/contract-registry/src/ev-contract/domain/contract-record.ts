/** How a token identifies the driver: an RFID card, an app or QR code, or ISO 15118 Plug & Charge. */
export type TokenType = 'RFID' | 'APP' | 'PLUG_AND_CHARGE';
export const TOKEN_TYPES: readonly TokenType[] = ['RFID', 'APP', 'PLUG_AND_CHARGE'];

/**
 * The status the EVSP sets, on the contract and on each token (GeM UC 1502 failure reasons: blocked, stolen;
 * UC 1516: "deleted" customer contracts are only deactivated). "Expired" is not set by anyone: a contract expires when
 * its validity period ends, so it is worked out from `validUntil` when read.
 */
export type ContractStatus = 'active' | 'blocked' | 'stolen' | 'deactivated';
export const CONTRACT_STATUSES: readonly ContractStatus[] = ['active', 'blocked', 'stolen', 'deactivated'];
export type TokenStatus = ContractStatus;

/**
 * The e-mobility services a contract allows (GeM 981/982: the clearing house answers "what services the customer
 * might be allowed to consume"). null on a contract = no restriction.
 */
export const SERVICES = ['CHARGING', 'DC_CHARGING', 'RESERVATION', 'REMOTE_START_STOP', 'SMART_CHARGING'] as const;
export type Service = (typeof SERVICES)[number];

export interface ContractToken {
  /** Normalised: RFID hex upper case without separators, Plug & Charge the EMAID, app ids as given. */
  uid: string;
  type: TokenType;
}

export interface ContractTokenRecord extends ContractToken {
  status: TokenStatus;
  /** ISO 15118 contract certificate of a Plug & Charge token (its id at the PKI); null for other tokens. */
  contractCertificateId: string | null;
}

/**
 * An EV contract as the clearing house keeps it: the anonymous contract reference (EMAID) and its tokens, never the
 * driver (eMI3 AA: "no details about the account / contract holder"; GeM 983 "anonymous customer data references").
 */
export interface EvContractRecord {
  emaid: string;
  emspPartyId: string;
  status: ContractStatus;
  /** End of validity (exclusive), after which the contract counts as expired; null = open-ended. */
  validUntil: string | null;
  allowedServices: Service[] | null;
  /** May a CPO accept its tokens from a pre-distributed whitelist while it cannot reach the hub (IEC 63119 UC4-2)? */
  allowOffline: boolean;
  /** Never shrinks: a token dropped by the EVSP stays, deactivated, so that its uid keeps naming this contract. */
  tokens: ContractTokenRecord[];
}

/** What a token's holder may do now, as far as statuses go: the contract's status wins over the token's. */
export function effectiveTokenStatus(
  contract: Pick<EvContractRecord, 'status'>,
  token: { status: TokenStatus },
): TokenStatus {
  return contract.status === 'active' ? token.status : contract.status;
}

/** Statuses as read at `now`: an active token of a contract whose validity ended is expired. */
export function statusAt(
  contract: Pick<EvContractRecord, 'status' | 'validUntil'>,
  token: { status: TokenStatus },
  now: string,
): TokenStatus | 'expired' {
  const status = effectiveTokenStatus(contract, token);
  if (status === 'active' && contract.validUntil !== null && contract.validUntil <= now) return 'expired';
  return status;
}

export function sameRecord(a: EvContractRecord, b: EvContractRecord): boolean {
  return canonical(a) === canonical(b);
}

/** Field by field in a fixed order: records read back from jsonb come with their keys in another order. */
function canonical(record: EvContractRecord): string {
  return JSON.stringify([
    record.emaid,
    record.emspPartyId,
    record.status,
    record.validUntil,
    record.allowedServices === null ? null : [...record.allowedServices].sort(),
    record.allowOffline,
    [...record.tokens]
      .sort((x, y) => (x.uid < y.uid ? -1 : x.uid > y.uid ? 1 : 0))
      .map((t) => [t.uid, t.type, t.status, t.contractCertificateId]),
  ]);
}
