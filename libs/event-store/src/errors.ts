/**
 * Some but not all message ids of an append are stored already: not a replay of one earlier append, so it is
 * refused rather than half-applied.
 */
export class PartialDuplicateAppendError extends Error {
  readonly code = 'PARTIAL_DUPLICATE_APPEND';
  constructor(
    readonly streamName: string,
    readonly knownMessageIds: string[],
  ) {
    super(`stream ${streamName}: ${knownMessageIds.length} of the message ids are already stored`);
    this.name = 'PartialDuplicateAppendError';
  }
}
