import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'http';
import { CORRELATION_ID_HEADER, correlationIdFrom, currentCorrelationId } from '../logging/correlation';
import { mapException } from './problem-mapping';
import { PROBLEM_CONTENT_TYPE, type ProblemDetails, problemTitle, problemType } from './problem-details';

const RESERVED_MEMBERS = new Set(['type', 'title', 'status', 'detail', 'code', 'instance', 'errors']);

type HttpRequest = IncomingMessage & { originalUrl?: string };

/**
 * The one exception filter of every app: whatever was thrown, the client gets RFC 9457 problem details with a
 * stable `code`, and the correlation id to quote. Causes on our side are logged with their stack, never sent.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const request = host.switchToHttp().getRequest<HttpRequest>();
    const response = host.switchToHttp().getResponse<ServerResponse>();
    const problem = mapException(exception);
    const path = (request.originalUrl ?? request.url ?? '/').split('?')[0];

    const logEntry = {
      message: 'request failed',
      method: request.method,
      path,
      status: problem.status,
      code: problem.code,
    };
    if (problem.unexpected) {
      this.logger.error(logEntry, exception instanceof Error ? exception : { error: String(exception) });
    } else {
      this.logger.debug({ ...logEntry, detail: problem.detail });
    }

    if (response.headersSent) {
      // Part of the answer is already on the wire; all we can do is cut it short.
      response.end();
      return;
    }

    const body: ProblemDetails = {
      type: problemType(problem.code),
      title: problemTitle(problem.status),
      status: problem.status,
      detail: problem.detail,
      code: problem.code,
      instance: path,
    };
    if (problem.errors && problem.errors.length > 0) body.errors = problem.errors;
    for (const [name, value] of Object.entries(problem.extensions ?? {})) {
      if (!RESERVED_MEMBERS.has(name)) body[name] = value;
    }

    // Errors raised before the correlation middleware ran (body parsing) still get an id to quote.
    const echoed = response.getHeader(CORRELATION_ID_HEADER);
    const correlationId =
      typeof echoed === 'string' ? echoed : (currentCorrelationId() ?? correlationIdFrom(request.headers));
    response.statusCode = problem.status;
    response.setHeader(CORRELATION_ID_HEADER, correlationId);
    response.setHeader('Content-Type', `${PROBLEM_CONTENT_TYPE}; charset=utf-8`);
    if (problem.status === 401) response.setHeader('WWW-Authenticate', 'Bearer');
    response.end(JSON.stringify(body));
  }
}
