import type { IntegrationMessage } from '@roaming/contracts';

/**
 * One service transaction of the marketplace as the operator's overview shows it (GeM 927/1242/1491): an
 * authorization decided by the hub's switch, or a charge detail record forwarded or rejected.
 */
export interface TransactionRecord {
  transactionId: string;
  kind: TransactionKind;
  /** The authorization id or the CPO's CDR id. */
  reference: string;
  status: 'ACCEPTED' | 'DENIED' | 'FORWARDED' | 'REJECTED';
  cpoPartyId: string;
  emspPartyId: string | null;
  evseId: string | null;
  /** When the producing context recorded it. */
  occurredAt: string;
  /** Decimal string of the CDR's total cost; null for authorizations and rejected records. */
  amount: string | null;
  currency: string | null;
  energyWh: number | null;
  /** Denial reason or rejection code. */
  detail: string | null;
}

export type TransactionKind = 'authorization' | 'cdr';
export const TRANSACTION_KINDS: readonly TransactionKind[] = ['authorization', 'cdr'];

type Data = Record<string, unknown>;
const str = (data: Data, field: string): string | null =>
  typeof data[field] === 'string' ? (data[field] as string) : null;

/** Pure: the transaction an authorization or cdr-forwarding message records, or undefined (tolerant reader). */
export function transactionRecord(message: IntegrationMessage): TransactionRecord | undefined {
  const data = message.data as Data;
  const cpoPartyId = str(data, 'cpoPartyId');
  if (!cpoPartyId) return undefined;
  const occurredAt = message.occurredAt;
  switch (message.type) {
    case 'AuthorizationGranted':
    case 'AuthorizationDenied': {
      const authorizationId = str(data, 'authorizationId');
      if (!authorizationId) return undefined;
      const granted = message.type === 'AuthorizationGranted';
      return {
        transactionId: `authorization:${authorizationId}`,
        kind: 'authorization',
        reference: authorizationId,
        status: granted ? 'ACCEPTED' : 'DENIED',
        cpoPartyId,
        emspPartyId: str(data, 'emspPartyId'),
        evseId: str(data, 'evseId'),
        occurredAt,
        amount: null,
        currency: null,
        energyWh: null,
        detail: granted ? null : str(data, 'reason'),
      };
    }
    case 'CdrForwarded':
    case 'CdrRejected': {
      const cdrId = str(data, 'cdrId');
      if (!cdrId) return undefined;
      const forwarded = message.type === 'CdrForwarded';
      const cost = (data.totalCost ?? null) as { amount?: unknown; currency?: unknown } | null;
      const stated = forwarded && typeof cost?.amount === 'string' ? cost.amount : null;
      // A value that is not a plain decimal is not guessed at: the transaction is listed without one.
      const amount = stated !== null && /^-?\d{1,18}(\.\d{1,12})?$/.test(stated) ? stated : null;
      return {
        transactionId: `cdr:${cpoPartyId}:${cdrId}`,
        kind: 'cdr',
        reference: cdrId,
        status: forwarded ? 'FORWARDED' : 'REJECTED',
        cpoPartyId,
        emspPartyId: str(data, 'emspPartyId'),
        evseId: str(data, 'evseId'),
        occurredAt,
        amount,
        currency: amount !== null && typeof cost?.currency === 'string' ? cost.currency : null,
        energyWh: forwarded && typeof data.energyWh === 'number' ? data.energyWh : null,
        detail: forwarded ? null : str(data, 'code'),
      };
    }
    default:
      return undefined;
  }
}
