import { Injectable, type NestMiddleware } from '@nestjs/common';
import { Clock } from '@roaming/shared-kernel';
import type { IncomingMessage, ServerResponse } from 'http';
import type { AuthenticatedRequest } from '../../auth/principal';
import { CORRELATION_ID_HEADER } from '../../logging/correlation';
import { PROBLEM_CONTENT_TYPE } from '../../problem/problem-details';
import { outcomeOf } from './http-trace.events';
import { HttpTraceRecorder } from './http-trace.recorder';

/** Not doors: liveness probes and the API's own documentation carry no partner data and no identity. */
const UNTRACED = /^\/(health|docs)(\/|-json|$)/;
const MAX_QUERY_LENGTH = 512;

type TracedRequest = AuthenticatedRequest & { originalUrl?: string; route?: { path?: unknown } };

/**
 * Traces every call of every HTTP door when its answer has been sent (or the client went away), including the
 * refusals that happen before any handler runs (401, 403, 400). Runs outside the request's critical path: it only
 * hands a small object to the recorder.
 */
@Injectable()
export class HttpTraceMiddleware implements NestMiddleware {
  constructor(
    private readonly recorder: HttpTraceRecorder,
    private readonly clock: Clock,
  ) {}

  use(req: IncomingMessage, res: ServerResponse, next: () => void): void {
    const request = req as TracedRequest;
    const url = request.originalUrl ?? req.url ?? '/';
    const queryAt = url.indexOf('?');
    const path = queryAt < 0 ? url : url.slice(0, queryAt);
    if (UNTRACED.test(path)) return next();
    const receivedAt = this.clock.now().toISOString();
    const started = process.hrtime.bigint();
    let code: string | null = null;
    const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
    res.end = ((...args: unknown[]) => {
      code = problemCode(res, args[0]) ?? code;
      return end(...args);
    }) as ServerResponse['end'];
    let recorded = false;
    const record = () => {
      if (recorded) return;
      recorded = true;
      const principal = request.principal;
      const correlationId = res.getHeader(CORRELATION_ID_HEADER);
      this.recorder.record({
        method: req.method ?? 'GET',
        path,
        route: typeof request.route?.path === 'string' ? request.route.path : null,
        query: queryAt < 0 ? null : url.slice(queryAt + 1, queryAt + 1 + MAX_QUERY_LENGTH),
        status: res.statusCode,
        outcome: outcomeOf(res.statusCode, res.writableFinished),
        code,
        partnerId: principal?.partnerId ?? null,
        roles: [...(principal?.roles ?? [])],
        partyIds: [...(principal?.partyIds ?? [])],
        keyId: principal?.keyId ?? null,
        correlationId: typeof correlationId === 'string' ? correlationId : null,
        receivedAt,
        durationMs: Number((process.hrtime.bigint() - started) / 1_000n) / 1000,
      });
    };
    res.once('finish', record);
    res.once('close', record);
    next();
  }
}

/** The `code` of a problem+json answer, read from the body being sent (only for error answers). */
function problemCode(res: ServerResponse, chunk: unknown): string | null {
  if (res.statusCode < 400 || chunk === undefined || chunk === null) return null;
  const type = res.getHeader('Content-Type');
  if (typeof type !== 'string' || !type.startsWith(PROBLEM_CONTENT_TYPE)) return null;
  try {
    const body = JSON.parse(Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk)) as { code?: unknown };
    return typeof body.code === 'string' ? body.code : null;
  } catch {
    return null;
  }
}
