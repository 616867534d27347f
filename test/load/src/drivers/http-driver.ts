import { Agent, request as httpRequest } from 'http';
import { Agent as HttpsAgent, request as httpsRequest } from 'https';
import { Http1Pool, type RawHttpResponse } from './http1-pool';

export interface HttpResponse {
  status: number;
  /** Parsed JSON body, or undefined when there was none or it was not JSON. */
  body: unknown;
  /** The `code` of an application/problem+json body. */
  problemCode?: string;
}

/** A request that got no HTTP answer: `code` names why (TIMEOUT, ECONNRESET, ECONNREFUSED, …). */
export class HttpFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'HttpFailure';
  }
}

export interface HttpCall {
  method: 'GET' | 'POST' | 'DELETE';
  url: string;
  apiKey?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * The HTTP door driver: keep-alive connections, at most `connections` per host (further requests queue, and that
 * queueing counts in their latency, as it would for a partner's client), a timeout per request. Plain http goes
 * through the harness's own lean HTTP/1.1 pool (http1-pool.ts: node:http's client was the harness's largest CPU
 * cost); https through node's agent.
 */
export class HttpDriver {
  private readonly agent: Agent;
  private readonly secureAgent: HttpsAgent;
  private readonly pools = new Map<string, Http1Pool>();

  constructor(
    readonly connections: number,
    private readonly timeoutMs = 30_000,
  ) {
    const options = {
      keepAlive: true,
      maxSockets: connections,
      maxFreeSockets: connections,
      scheduling: 'fifo' as const,
    };
    this.agent = new Agent(options);
    this.secureAgent = new HttpsAgent(options);
  }

  send(call: HttpCall): Promise<HttpResponse> {
    const url = new URL(call.url);
    const secure = url.protocol === 'https:';
    const payload = call.body === undefined ? undefined : Buffer.from(JSON.stringify(call.body));
    const headers: Record<string, string | number> = { accept: 'application/json', ...call.headers };
    if (call.apiKey) headers.authorization = `Bearer ${call.apiKey}`;
    if (payload) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = payload.length;
    }
    if (url.protocol === 'http:') return this.sendPlain(url, call.method, headers, payload);
    return new Promise<HttpResponse>((resolve, reject) => {
      const req = (secure ? httpsRequest : httpRequest)(
        url,
        { method: call.method, headers, agent: secure ? this.secureAgent : this.agent },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', (error: NodeJS.ErrnoException) =>
            reject(new HttpFailure(error.code ?? 'RESPONSE_ERROR', error.message)),
          );
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            const body = parseJson(text);
            resolve({
              status: res.statusCode ?? 0,
              body,
              problemCode: problemCodeOf(String(res.headers['content-type'] ?? ''), body),
            });
          });
        },
      );
      req.setTimeout(this.timeoutMs, () =>
        req.destroy(new HttpFailure('TIMEOUT', `no answer within ${this.timeoutMs} ms`)),
      );
      req.on('error', (error: NodeJS.ErrnoException) =>
        reject(error instanceof HttpFailure ? error : new HttpFailure(error.code ?? 'NETWORK_ERROR', error.message)),
      );
      req.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
    this.secureAgent.destroy();
    for (const pool of this.pools.values()) pool.close();
  }

  private async sendPlain(
    url: URL,
    method: string,
    headers: Record<string, string | number>,
    payload: Buffer | undefined,
  ): Promise<HttpResponse> {
    let pool = this.pools.get(url.host);
    if (!pool) {
      pool = new Http1Pool(url.hostname, Number(url.port || 80), this.connections, this.timeoutMs);
      this.pools.set(url.host, pool);
    }
    let head = `${method} ${url.pathname}${url.search} HTTP/1.1\r\nhost: ${url.host}\r\n`;
    for (const [name, value] of Object.entries(headers)) head += `${name}: ${value}\r\n`;
    if (!payload && method !== 'GET') head += 'content-length: 0\r\n';
    const bytes = Buffer.from(`${head}\r\n`, 'latin1');
    let raw: RawHttpResponse;
    try {
      raw = await pool.exchange(payload ? Buffer.concat([bytes, payload]) : bytes);
    } catch (error) {
      const failure = error as NodeJS.ErrnoException;
      throw new HttpFailure(failure.code ?? 'NETWORK_ERROR', failure.message);
    }
    const body = parseJson(raw.body.toString('utf8'));
    return { status: raw.status, body, problemCode: problemCodeOf(raw.contentType, body) };
  }
}

function problemCodeOf(contentType: string, body: unknown): string | undefined {
  return contentType.startsWith('application/problem+json') && isRecord(body) && typeof body.code === 'string'
    ? body.code
    : undefined;
}

/** The outcome code of a non-2xx answer: its problem code, else HTTP_<status>. */
export function errorOutcome(response: HttpResponse): string {
  return response.problemCode ?? `HTTP_${response.status}`;
}

/** The outcome code of a request that failed without an answer. */
export function failureOutcome(error: unknown): string {
  return error instanceof HttpFailure ? error.code : 'CLIENT_ERROR';
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
