import type { DomainEvent } from '@roaming/shared-kernel';

/** Why an EVSP disputes a record (OCHP's declined reasons, condensed); the same codes as CdrDisputeReasonV1. */
export const DISPUTE_REASONS = [
  'UNKNOWN_SESSION',
  'WRONG_PRICE',
  'WRONG_ENERGY',
  'WRONG_TIMES',
  'DUPLICATE',
  'CONTRACT_INVALID',
  'OTHER',
] as const;
export type DisputeReason = (typeof DISPUTE_REASONS)[number];

interface RecordRef {
  cdrId: string;
  cpoPartyId: string;
  emspPartyId: string;
}

/** A forwarded record awaits the EVSP's verdict (IEC 63119-2 6.4.2 SDR reconciliation). */
export type CdrReconciliationOpened = DomainEvent<'CdrReconciliationOpened', RecordRef & { openedAt: string }>;
/** The EVSP accepted the record (OCHP "approved"). */
export type CdrApproved = DomainEvent<'CdrApproved', RecordRef & { approvedAt: string }>;
/** The EVSP disputed the record (OCHP "declined"), with a reason code and its own words. */
export type CdrDisputed = DomainEvent<
  'CdrDisputed',
  RecordRef & { reasonCode: DisputeReason; reason: string; disputedAt: string }
>;
/** The CPO stands by its record and rejects the dispute (OCHP "rejected"). */
export type CdrDisputeRejected = DomainEvent<'CdrDisputeRejected', RecordRef & { reason: string; rejectedAt: string }>;
/** The CPO sent a revised record that replaces this one (OCHP "revised"); the revision is reconciled on its own. */
export type CdrRevised = DomainEvent<'CdrRevised', RecordRef & { revisionCdrId: string; revisedAt: string }>;
/**
 * A revised record (revisionOf) arrived for this record after the EVSP had approved it (review finding 10: the intake
 * checks APPROVED on an asynchronously updated table, so a revision can pass it). The approval stands and this record
 * stays APPROVED; the revision was nevertheless accepted and forwarded, so both parties are told and the operator
 * lists it (settlement must not replace the approved record: see CdrRevisionRefusedV1). `code` names the rule.
 */
export type CdrRevisionRefused = DomainEvent<
  'CdrRevisionRefused',
  RecordRef & { revisionCdrId: string; code: 'CDR_ALREADY_APPROVED'; refusedAt: string }
>;

export type CdrReconciliationEvent =
  CdrReconciliationOpened | CdrApproved | CdrDisputed | CdrDisputeRejected | CdrRevised | CdrRevisionRefused;
