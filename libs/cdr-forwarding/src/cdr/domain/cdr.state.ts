import type { CdrRecord } from './cdr-record';
import type { CdrEvent } from './cdr.events';
import type { CdrRejectionCode } from './cdr.errors';

/**
 * The life of one CDR. `received` exists only between the two events of one decision (they are appended together);
 * the stable states are `forwarded` (final) and `rejected` (may still be forwarded when the same CDR is sent again
 * after the missing partner or agreement became known).
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
    }
  | {
      readonly status: 'rejected';
      readonly cdr: CdrRecord;
      readonly receivedAt: string;
      readonly emspPartyId: string;
      readonly code: CdrRejectionCode;
      readonly reason: string;
      readonly rejectedAt: string;
    };

export const initialCdrState = (): CdrState => ({ status: 'new' });

export function evolveCdr(state: CdrState, event: CdrEvent): CdrState {
  switch (event.type) {
    case 'CdrReceived': {
      const { receivedAt, ...cdr } = event.data;
      return { status: 'received', cdr, receivedAt };
    }
    case 'CdrForwarded': {
      if (state.status === 'new') return state;
      const { emspPartyId, agreementId, forwardedAt } = event.data;
      return {
        status: 'forwarded',
        cdr: state.cdr,
        receivedAt: state.receivedAt,
        emspPartyId,
        agreementId,
        forwardedAt,
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
      };
    }
    default:
      return state;
  }
}
