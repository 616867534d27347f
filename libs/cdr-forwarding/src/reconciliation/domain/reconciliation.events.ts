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

export type CdrReconciliationEvent =
  CdrReconciliationOpened | CdrApproved | CdrDisputed | CdrDisputeRejected | CdrRevised;
