/**
 * A broken invariant. `code` is stable (clients and tests match on it); `kind` decides the HTTP status at the edge.
 * Expected business refusals (a denied authorization, a rejected CDR) are events, not errors.
 */
export type DomainErrorKind =
  | 'validation' // 400: the input breaks a rule of its own
  | 'unauthorized' // 401: no or unknown credentials
  | 'forbidden' // 403: the caller may not do this
  | 'notFound' // 404: the thing named does not exist
  | 'conflict' // 409: clashes with what exists (duplicate, wrong version)
  | 'illegalState' // 409: not allowed in the current state
  | 'preconditionFailed'; // 412: If-Match did not match

export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly kind: DomainErrorKind,
    message: string,
    /** Extra machine-readable details, e.g. { field: 'emaid', rule: 'check-digit' }. */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }

  static validation(code: string, message: string, details: Record<string, unknown> = {}): DomainError {
    return new DomainError(code, 'validation', message, details);
  }
  static notFound(code: string, message: string, details: Record<string, unknown> = {}): DomainError {
    return new DomainError(code, 'notFound', message, details);
  }
  static conflict(code: string, message: string, details: Record<string, unknown> = {}): DomainError {
    return new DomainError(code, 'conflict', message, details);
  }
  static illegalState(code: string, message: string, details: Record<string, unknown> = {}): DomainError {
    return new DomainError(code, 'illegalState', message, details);
  }
  static forbidden(code: string, message: string, details: Record<string, unknown> = {}): DomainError {
    return new DomainError(code, 'forbidden', message, details);
  }
}
