import type { IncomingMessage, ServerResponse } from 'http';
import { fromBodyParserError } from '../problem/problem-mapping';
import { ProblemException } from '../problem/problem-details';

/**
 * Express error middleware mounted right after the body parsers. Nest would otherwise turn a malformed JSON body
 * into a bare BadRequestException before any filter sees it; here it becomes BODY_MALFORMED (and a too large body
 * PAYLOAD_TOO_LARGE) while the original error is still recognisable. Express needs all four parameters to treat
 * this function as an error handler.
 */
export function bodyParserErrorMiddleware(
  error: unknown,
  _req: IncomingMessage,
  _res: ServerResponse,
  next: (error?: unknown) => void,
): void {
  const problem = fromBodyParserError(error);
  next(problem ? new ProblemException(problem.status, problem.code, problem.detail) : error);
}
