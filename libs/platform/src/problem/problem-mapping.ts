import { HttpException, HttpStatus } from '@nestjs/common';
import { WrongExpectedVersionError } from '@roaming/event-store';
import { DomainError, type DomainErrorKind } from '@roaming/shared-kernel';
import { type FieldError, ProblemException } from './problem-details';

export const DOMAIN_ERROR_STATUS: Readonly<Record<DomainErrorKind, number>> = Object.freeze({
  validation: 400,
  unauthorized: 401,
  forbidden: 403,
  notFound: 404,
  conflict: 409,
  illegalState: 409,
  preconditionFailed: 412,
});

export const INTERNAL = 'INTERNAL';
export const BODY_MALFORMED = 'BODY_MALFORMED';
export const CONCURRENT_MODIFICATION = 'CONCURRENT_MODIFICATION';

/** What the filter needs to answer: everything but the request-specific members. */
export interface MappedProblem {
  status: number;
  code: string;
  detail: string;
  errors?: FieldError[];
  extensions?: Record<string, unknown>;
  /** True when the cause is on our side: the filter logs it with its stack. */
  unexpected: boolean;
}

const STABLE_CODE = /^[A-Z][A-Z0-9_]*$/;

/** Maps anything thrown while handling a request to its problem; unknown errors become a bare 500. */
export function mapException(exception: unknown): MappedProblem {
  if (exception instanceof ProblemException) {
    return {
      status: exception.status,
      code: exception.code,
      detail: exception.message,
      errors: exception.errors,
      extensions: exception.extensions,
      // The thrower chose the answer (e.g. 503 NOT_READY): only a plain 500 is worth an error log.
      unexpected: exception.status === 500,
    };
  }
  if (exception instanceof DomainError) return fromDomainError(exception);
  if (exception instanceof WrongExpectedVersionError) {
    // The stream name is internal; the client only needs to know to re-read and retry.
    return {
      status: 409,
      code: CONCURRENT_MODIFICATION,
      detail: 'The resource was changed by another request; read it again and retry.',
      unexpected: false,
    };
  }
  if (exception instanceof HttpException) return fromHttpException(exception);
  const bodyProblem = fromBodyParserError(exception);
  if (bodyProblem) return bodyProblem;
  return {
    status: 500,
    code: INTERNAL,
    detail: 'An unexpected error occurred. Quote the X-Correlation-ID when reporting it.',
    unexpected: true,
  };
}

function fromDomainError(error: DomainError): MappedProblem {
  const { field, rule, ...rest } = error.details;
  const errors: FieldError[] | undefined =
    typeof field === 'string'
      ? [{ field, rule: typeof rule === 'string' ? rule : error.code, message: error.message }]
      : undefined;
  return {
    status: DOMAIN_ERROR_STATUS[error.kind] ?? 500,
    code: error.code,
    detail: error.message,
    errors,
    extensions: Object.keys(rest).length > 0 ? rest : undefined,
    unexpected: DOMAIN_ERROR_STATUS[error.kind] === undefined,
  };
}

function fromHttpException(exception: HttpException): MappedProblem {
  const status = exception.getStatus();
  const response = exception.getResponse();
  let detail = exception.message;
  let code = statusCode(status);
  if (typeof response === 'string') detail = response;
  else if (response !== null && typeof response === 'object') {
    const body = response as { message?: unknown; code?: unknown };
    if (typeof body.message === 'string') detail = body.message;
    else if (Array.isArray(body.message)) detail = body.message.map(String).join('; ');
    // Lets code throw `new ConflictException({ code: 'X', message })` and keep its own stable code.
    if (typeof body.code === 'string' && STABLE_CODE.test(body.code)) code = body.code;
  }
  return { status, code, detail, unexpected: status >= 500 };
}

/** `NOT_FOUND`, `PAYLOAD_TOO_LARGE`, … from Nest's status enum. */
export function statusCode(status: number): string {
  const name = (HttpStatus as unknown as Record<number, string | undefined>)[status];
  return name ?? `HTTP_${status}`;
}

/**
 * Express body parsers report with http-errors objects (`status`, `expose`, `type` such as `entity.parse.failed`).
 * Nest turns the JSON SyntaxError into a bare BadRequestException before filters see it, so configureHttpApp
 * converts these errors with this function right after the parsers; the filter applies it too as a fallback.
 */
export function fromBodyParserError(error: unknown): MappedProblem | undefined {
  if (error === null || typeof error !== 'object') return undefined;
  const { status, expose, type, message } = error as {
    status?: unknown;
    expose?: unknown;
    type?: unknown;
    message?: unknown;
  };
  if (typeof status !== 'number' || status < 400 || status > 499 || expose !== true) return undefined;
  const text = typeof message === 'string' ? message : '';
  if (type === 'entity.parse.failed') {
    return {
      status: 400,
      code: BODY_MALFORMED,
      detail: `The request body is not valid JSON: ${text}`,
      unexpected: false,
    };
  }
  return { status, code: statusCode(status), detail: text, unexpected: false };
}
