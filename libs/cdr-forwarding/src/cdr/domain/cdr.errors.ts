import { DomainError } from '@roaming/shared-kernel';

/** Stable codes of business refusals; they are CdrRejected events, never errors. */
export const CDR_REJECTION_CODES = [
  'CDR_END_BEFORE_START',
  'CDR_IMPLAUSIBLE_ENERGY',
  'CDR_NEGATIVE_COST',
  'CDR_UNKNOWN_PROVIDER',
  'CDR_PROVIDER_SUSPENDED',
  'CDR_NO_AGREEMENT',
] as const;
export type CdrRejectionCode = (typeof CDR_REJECTION_CODES)[number];

export function isCdrRejectionCode(value: string): value is CdrRejectionCode {
  return (CDR_REJECTION_CODES as readonly string[]).includes(value);
}

/**
 * The same CDR id came again from the same CPO with other content. CDRs are immutable (OCPI: corrections only
 * through credit CDRs; OICP and Gireve 10701: one final record per session), so the second version is refused
 * rather than silently overwriting or duplicating the first.
 */
export function cdrDuplicateDifferent(cdrId: string, cpoPartyId: string, fields: readonly string[]): DomainError {
  return DomainError.conflict(
    'CDR_DUPLICATE_DIFFERENT',
    `CDR ${cdrId} of ${cpoPartyId} was already received with different content (${fields.join(', ')}); ` +
      'a CDR cannot be changed, send a new CDR id instead',
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
