import { Command } from '@nestjs/cqrs';
import type { SqlExecutor } from '@roaming/event-store';
import type { DomainError } from '@roaming/shared-kernel';
import type { CdrRejectionCode, CdrSubmission, CdrViolation } from '../../domain';

export type ReceiveCdrResult =
  | {
      status: 'FORWARDED';
      cdrId: string;
      cpoPartyId: string;
      emspPartyId: string;
      /** True when this call forwarded it; false for a re-send of a CDR already forwarded. */
      newlyForwarded: boolean;
    }
  | {
      status: 'REJECTED';
      cdrId: string;
      cpoPartyId: string;
      emspPartyId: string;
      /** The first violation (as before the list). */
      code: CdrRejectionCode;
      reason: string;
      violations: readonly CdrViolation[];
    }
  | {
      /** The same cdrId was already forwarded with other content (CDR_DUPLICATE_DIFFERENT): nothing recorded. */
      status: 'CONFLICT';
      cdrId: string;
      cpoPartyId: string;
      error: DomainError;
    };

export interface ReceiveCdrContext {
  /** REST: the principal's partner id; Kafka: the partner holding the message key. */
  actor: string;
  channel: 'rest' | 'kafka';
  correlationId?: string;
  causationId?: string;
  /** The consumer's transaction when the CDR came from Kafka: lookups and the append run inside it. */
  tx?: SqlExecutor;
}

/** A CPO submits a CDR (IEC 63119-2 UC3-9, eMI3 UC 200 step 15.1), over REST or Kafka. */
export class ReceiveCdrCommand extends Command<ReceiveCdrResult> {
  constructor(
    readonly submission: CdrSubmission,
    /** The party ids the submitter acts for; the EVSE's operator must be one of them. */
    readonly submitterPartyIds: readonly string[],
    readonly context: ReceiveCdrContext,
  ) {
    super();
  }
}
