import type { IncomingMessage, ServerResponse } from 'http';
import { CORRELATION_ID_HEADER, correlationIdFrom, runWithCorrelationId } from './correlation';

/**
 * Express middleware: takes the caller's correlation id (or makes one), echoes it on the response and runs the
 * rest of the request inside it. Mounted after the body parsers: body-parser resumes the chain from stream
 * callbacks, which would drop a context entered before it.
 */
export function correlationIdMiddleware(req: IncomingMessage, res: ServerResponse, next: () => void): void {
  const correlationId = correlationIdFrom(req.headers);
  res.setHeader(CORRELATION_ID_HEADER, correlationId);
  runWithCorrelationId(correlationId, next);
}
