import { DomainError } from '@roaming/shared-kernel';

/**
 * Stable codes of business refusals; they are CdrRejected events (with every violated rule), never errors. The first
 * six are the original ones; the others came with the full rule set (issue 5 part A).
 */
export const CDR_REJECTION_CODES = [
  'CDR_END_BEFORE_START',
  'CDR_IMPLAUSIBLE_ENERGY',
  'CDR_NEGATIVE_COST',
  'CDR_UNKNOWN_PROVIDER',
  'CDR_PROVIDER_SUSPENDED',
  'CDR_NO_AGREEMENT',
  'CDR_UNKNOWN_EVSE',
  'CDR_EVSE_NOT_OWNED',
  'CDR_DURATION_INCONSISTENT',
  'CDR_VAT_SPLIT_MISMATCH',
  'CDR_SERVICE_INVALID',
  'CDR_DUPLICATE_SESSION',
  'CDR_CREDIT_TARGET_UNKNOWN',
  'CDR_ALREADY_CREDITED',
  'CDR_CREDIT_AMOUNT_MISMATCH',
  'CDR_REVISION_TARGET_UNKNOWN',
  'CDR_ALREADY_REVISED',
  'CDR_REVISION_NOT_ALLOWED',
  // Review findings 2–6 (issue 5): periods, corrections of another contract, zero-length and future sessions.
  'CDR_PERIODS_INCONSISTENT',
  'CDR_CORRECTION_MISMATCH',
  'CDR_ZERO_LENGTH_SESSION',
  'CDR_IN_FUTURE',
] as const;
export type CdrRejectionCode = (typeof CDR_REJECTION_CODES)[number];

export function isCdrRejectionCode(value: string): value is CdrRejectionCode {
  return (CDR_REJECTION_CODES as readonly string[]).includes(value);
}

/**
 * The same CDR id came again from the same CPO with other content after it was forwarded. Forwarded CDRs are
 * immutable (OCPI: corrections only through credit CDRs; OICP and Gireve 10701: one final record per session), so
 * the second version is refused rather than silently overwriting or duplicating the first. (A REJECTED record may be
 * corrected under the same id: that is a new submission, judged again.)
 */
export function cdrDuplicateDifferent(cdrId: string, cpoPartyId: string, fields: readonly string[]): DomainError {
  return DomainError.conflict(
    'CDR_DUPLICATE_DIFFERENT',
    `CDR ${cdrId} of ${cpoPartyId} was already forwarded with different content (${fields.join(', ')}); ` +
      'a forwarded CDR cannot be changed, send a credit record (creditOf) and a new CDR id instead',
    { cdrId, cpoPartyId, differingFields: [...fields] },
  );
}

/** The command names another record than the stream holds: a bug in the caller, never a client error. */
export function cdrStreamMismatch(cdrId: string, cpoPartyId: string): DomainError {
  return DomainError.illegalState(
    'CDR_STREAM_MISMATCH',
    `the command for CDR ${cdrId} of ${cpoPartyId} was sent to the stream of another CDR`,
    { cdrId, cpoPartyId },
  );
}
