import type { Command } from '@roaming/shared-kernel';
import type { CdrRecord } from './cdr-record';

/** Is the home EVSP a partner of the clearing house, and may it receive CDRs now? */
export type ProviderStanding = 'active' | 'suspended' | 'deactivated' | 'unknown';

/**
 * Facts the handler looks up in the context's registry view before deciding (decide does no I/O): the home EVSP,
 * its standing, and the roaming agreement between CPO and EVSP that covered the session's start.
 */
export interface CdrRoutingFacts {
  /** Derived from the eMA id's provider id (ISO 15118-2 Annex H). */
  readonly emspPartyId: string;
  readonly provider: ProviderStanding;
  /** The agreement CPO → EVSP valid at startedAt, or null when there is none. */
  readonly agreementId: string | null;
}

/** IEC 63119-2 UC3-9 / eMI3 UC 200 step 15.1: the CPO sends the record of a finished session. */
export type ReceiveCdr = Command<
  'ReceiveCdr',
  {
    readonly cdr: CdrRecord;
    readonly receivedAt: string;
    readonly routing: CdrRoutingFacts;
  }
>;

export type CdrCommand = ReceiveCdr;
