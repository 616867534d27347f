import type { CdrAuthorizationMode, CdrPriceCheck } from './cdr.commands';
import type { CdrRecord, CdrViolation } from './cdr-record';
import type { CdrDeliveryChannel, CdrEvent } from './cdr.events';
import { sentRecordOf, violationsOf } from './cdr.events';
import type { CdrRejectionCode } from './cdr.errors';

/**
 * The life of one CDR. `received` exists only between the two events of one decision (they are appended together;
 * a record accepted at first sight has no such moment: its CdrForwarded is also its receipt);
 * the stable states are `forwarded` (final) and `rejected` (judged again when the same record is re-sent, and
 * replaced when the CPO sends a corrected record under the same id).
 */
export type CdrState =
  | { readonly status: 'new' }
  | { readonly status: 'received'; readonly cdr: CdrRecord; readonly receivedAt: string }
  | {
      readonly status: 'forwarded';
      readonly cdr: CdrRecord;
      readonly receivedAt: string;
      readonly emspPartyId: string;
      readonly agreementId: string;
      readonly forwardedAt: string;
      readonly authorizationMode: CdrAuthorizationMode;
      /** The time zone forwarded: the record's, else the EVSE site's (absent on older events: the record's). */
      readonly timeZone: string | null;
      readonly priceCheck: CdrPriceCheck | null;
      /** Chosen at intake (null on older events: the delivery process manager chose it). */
      readonly deliveryChannel: CdrDeliveryChannel | null;
    }
  | {
      readonly status: 'rejected';
      readonly cdr: CdrRecord;
      readonly receivedAt: string;
      readonly emspPartyId: string;
      readonly code: CdrRejectionCode;
      readonly reason: string;
      readonly rejectedAt: string;
      readonly violations: readonly CdrViolation[];
    };

export const initialCdrState = (): CdrState => ({ status: 'new' });

export function evolveCdr(state: CdrState, event: CdrEvent): CdrState {
  switch (event.type) {
    case 'CdrReceived': {
      const { receivedAt, ...cdr } = event.data;
      return { status: 'received', cdr, receivedAt };
    }
    case 'CdrForwarded': {
      const { emspPartyId, agreementId, forwardedAt, authorizationMode, timeZone, priceCheck, receipt } = event.data;
      // Accepted at first sight: the event is also the receipt. Otherwise the CdrReceived before it holds the record.
      const sent = receipt
        ? { cdr: sentRecordOf(event.data, receipt), receivedAt: receipt.receivedAt }
        : state.status === 'new'
          ? null
          : { cdr: state.cdr, receivedAt: state.receivedAt };
      if (sent === null) return state;
      return {
        status: 'forwarded',
        ...sent,
        emspPartyId,
        agreementId,
        forwardedAt,
        authorizationMode: authorizationMode ?? 'AUTHORIZED',
        timeZone: timeZone ?? null,
        priceCheck: priceCheck ?? null,
        deliveryChannel: event.data.deliveryChannel ?? null,
      };
    }
    case 'CdrRejected': {
      if (state.status === 'new') return state;
      const { emspPartyId, code, reason, rejectedAt } = event.data;
      return {
        status: 'rejected',
        cdr: state.cdr,
        receivedAt: state.receivedAt,
        emspPartyId,
        code,
        reason,
        rejectedAt,
        violations: violationsOf(event.data),
      };
    }
    default:
      return state;
  }
}
