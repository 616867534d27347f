import { BadRequestException, ConflictException, ForbiddenException, NotFoundException } from '@nestjs/common';
import { WrongExpectedVersionError } from '@roaming/event-store';
import { DomainError, type DomainErrorKind } from '@roaming/shared-kernel';
import { ProblemException, problemType } from './problem-details';
import { mapException } from './problem-mapping';

describe('mapException', () => {
  it.each<[DomainErrorKind, number]>([
    ['validation', 400],
    ['unauthorized', 401],
    ['forbidden', 403],
    ['notFound', 404],
    ['conflict', 409],
    ['illegalState', 409],
    ['preconditionFailed', 412],
  ])('maps a DomainError of kind %s to %i with its own code', (kind, status) => {
    expect(mapException(new DomainError('SOME_CODE', kind, 'what went wrong'))).toEqual({
      status,
      code: 'SOME_CODE',
      detail: 'what went wrong',
      unexpected: false,
    });
  });

  it('turns a DomainError naming a field into a field error and keeps other details as extensions', () => {
    const error = DomainError.validation('EMAID_CHECK_DIGIT', 'emaid: check digit does not match', {
      field: 'emaid',
      rule: 'check-digit',
      expected: 'X',
    });
    expect(mapException(error)).toMatchObject({
      status: 400,
      errors: [{ field: 'emaid', rule: 'check-digit', message: 'emaid: check digit does not match' }],
      extensions: { expected: 'X' },
    });
  });

  it('maps a version conflict to 409 CONCURRENT_MODIFICATION without naming the stream', () => {
    const mapped = mapException(new WrongExpectedVersionError('cdr-123', 2, 3));
    expect(mapped).toMatchObject({ status: 409, code: 'CONCURRENT_MODIFICATION', unexpected: false });
    expect(mapped.detail).not.toContain('cdr-123');
  });

  it('keeps the status of Nest HTTP exceptions and derives the code from it', () => {
    expect(mapException(new NotFoundException('Cannot GET /nothing'))).toMatchObject({
      status: 404,
      code: 'NOT_FOUND',
      detail: 'Cannot GET /nothing',
    });
    expect(mapException(new BadRequestException(['a is bad', 'b is bad']))).toMatchObject({
      code: 'BAD_REQUEST',
      detail: 'a is bad; b is bad',
    });
    expect(mapException(new ForbiddenException())).toMatchObject({ status: 403, code: 'FORBIDDEN' });
  });

  it('keeps a stable code given in an HTTP exception body', () => {
    expect(mapException(new ConflictException({ code: 'CDR_DUPLICATE', message: 'already received' }))).toMatchObject({
      status: 409,
      code: 'CDR_DUPLICATE',
      detail: 'already received',
    });
  });

  it('passes platform problems through', () => {
    const problem = new ProblemException(503, 'NOT_READY', 'database is down', { extensions: { checks: [] } });
    expect(mapException(problem)).toEqual({
      status: 503,
      code: 'NOT_READY',
      detail: 'database is down',
      errors: undefined,
      extensions: { checks: [] },
      unexpected: false,
    });
  });

  it('maps body-parser errors: malformed JSON to BODY_MALFORMED, others by status', () => {
    const malformed = Object.assign(new SyntaxError('Unexpected token }'), {
      status: 400,
      expose: true,
      type: 'entity.parse.failed',
    });
    expect(mapException(malformed)).toMatchObject({ status: 400, code: 'BODY_MALFORMED' });
    const tooLarge = Object.assign(new Error('request entity too large'), {
      status: 413,
      expose: true,
      type: 'entity.too.large',
    });
    expect(mapException(tooLarge)).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
  });

  it('hides anything else behind 500 INTERNAL', () => {
    const mapped = mapException(new TypeError("Cannot read properties of undefined (reading 'password')"));
    expect(mapped).toMatchObject({ status: 500, code: 'INTERNAL', unexpected: true });
    expect(mapped.detail).not.toContain('password');
    expect(mapException('a string').code).toBe('INTERNAL');
  });

  it('builds the type URI from the code', () => {
    expect(problemType('REQUEST_INVALID')).toBe('https://errors.roaming-clearing-house.dev/request-invalid');
  });
});
