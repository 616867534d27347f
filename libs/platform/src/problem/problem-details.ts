import { STATUS_CODES } from 'http';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
const PROBLEM_TYPE_BASE = 'https://errors.roaming-clearing-house.dev/';

/** One broken rule of one request field; `field` is a dotted path such as `tokens.0.uid`. */
export interface FieldError {
  field: string;
  rule: string;
  message: string;
}

/** RFC 9457 body. `code` is the stable, machine-matched identifier; `type` is derived from it. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

/** `REQUEST_INVALID` → `https://errors.roaming-clearing-house.dev/request-invalid`. */
export function problemType(code: string): string {
  return PROBLEM_TYPE_BASE + code.toLowerCase().replace(/_/g, '-');
}

/** The HTTP reason phrase: one title per status, so that titles never carry occurrence-specific text. */
export function problemTitle(status: number): string {
  return STATUS_CODES[status] ?? 'Error';
}

export interface ProblemExceptionOptions {
  errors?: FieldError[];
  /** Extra members of the body (RFC 9457 extensions), e.g. the failing health checks. */
  extensions?: Record<string, unknown>;
}

/**
 * An error that already knows its HTTP answer. Used by the platform itself (request validation, malformed bodies,
 * readiness); domain code throws DomainError instead.
 */
export class ProblemException extends Error {
  readonly errors?: FieldError[];
  readonly extensions?: Record<string, unknown>;

  constructor(
    readonly status: number,
    readonly code: string,
    detail: string,
    options: ProblemExceptionOptions = {},
  ) {
    super(detail);
    this.name = 'ProblemException';
    this.errors = options.errors;
    this.extensions = options.extensions;
  }
}
