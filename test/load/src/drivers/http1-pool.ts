import { connect, type Socket } from 'net';

/** One answer as read off the wire: status, the headers the driver needs, the body bytes. */
export interface RawHttpResponse {
  status: number;
  contentType: string;
  body: Buffer;
}

interface Exchange {
  bytes: Buffer;
  resolve: (response: RawHttpResponse) => void;
  reject: (error: NodeJS.ErrnoException) => void;
  timer?: NodeJS.Timeout;
  /** The socket it went out on, once it did. */
  socket?: Socket;
}

/**
 * Keep-alive HTTP/1.1 connections to one host, at most `size` of them, one request at a time on each (no pipelining,
 * as a partner's client works); further requests wait in order. Written for the load driver because node:http's
 * client cost the harness ~0.2 ms of CPU per request, a tenth of the machine the system under test shares with it.
 * It reads what our apps send: a Content-Length body or a chunked one, `Connection: close` honoured.
 */
export class Http1Pool {
  private readonly idle: Connection[] = [];
  private readonly waiting: Exchange[] = [];
  private open = 0;
  private closed = false;

  constructor(
    private readonly host: string,
    private readonly port: number,
    private readonly size: number,
    private readonly timeoutMs: number,
  ) {}

  /** Sends a whole request (head and body already encoded) and resolves with the answer. */
  exchange(bytes: Buffer): Promise<RawHttpResponse> {
    return new Promise((resolve, reject) => {
      const exchange: Exchange = { bytes, resolve, reject };
      exchange.timer = setTimeout(() => this.timeOut(exchange), this.timeoutMs);
      this.waiting.push(exchange);
      this.dispatch();
    });
  }

  close(): void {
    this.closed = true;
    for (const connection of this.idle.splice(0)) connection.socket.destroy();
    for (const exchange of this.waiting.splice(0)) fail(exchange, 'CLOSED', 'driver closed');
  }

  /**
   * Longest-idle connection first, as node's agent with `scheduling: 'fifo'`, so that under load every connection
   * stays in use; one idle for longer than a server keeps it (node's default keep-alive timeout is 5 s) is closed
   * rather than used, since a request written as the server closes it would fail with ECONNRESET.
   */
  private dispatch(): void {
    while (this.waiting.length > 0) {
      let connection = this.idle.shift();
      if (connection && performance.now() - connection.idleSince > MAX_IDLE_MS) {
        connection.socket.destroy();
        continue;
      }
      connection ??= this.open < this.size ? this.connectOne() : undefined;
      if (!connection) return;
      connection.start(this.waiting.shift() as Exchange);
    }
  }

  private connectOne(): Connection {
    this.open++;
    return new Connection(
      connect({ host: this.host, port: this.port, noDelay: true }),
      (connection) => {
        if (this.closed) connection.socket.destroy();
        else this.idle.push(connection);
        this.dispatch();
      },
      (connection) => {
        this.open--;
        const at = this.idle.indexOf(connection);
        if (at >= 0) this.idle.splice(at, 1);
        this.dispatch();
      },
    );
  }

  private timeOut(exchange: Exchange): void {
    const queued = this.waiting.indexOf(exchange);
    if (queued >= 0) this.waiting.splice(queued, 1);
    exchange.timer = undefined;
    fail(exchange, 'TIMEOUT', `no answer within ${this.timeoutMs} ms`);
    // As node's agent does: the late answer is not waited for, the socket makes room for a new connection.
    exchange.socket?.destroy();
  }
}

/** Below node's default server keep-alive timeout (5 s). */
const MAX_IDLE_MS = 4_000;

/** One socket and the answer being read on it. */
class Connection {
  idleSince = performance.now();
  private current?: Exchange;
  private buffered: Buffer = Buffer.alloc(0);
  private ended = false;

  constructor(
    readonly socket: Socket,
    private readonly done: (connection: Connection) => void,
    private readonly gone: (connection: Connection) => void,
  ) {
    socket.on('data', (chunk: Buffer) => this.read(chunk));
    socket.on('error', (error: NodeJS.ErrnoException) => this.lost(error.code ?? 'NETWORK_ERROR', error.message));
    socket.on('close', () => this.lost('ECONNRESET', 'connection closed before the answer'));
  }

  start(exchange: Exchange): void {
    if (exchange.timer === undefined) return this.done(this); // timed out while waiting for a connection
    this.current = exchange;
    exchange.socket = this.socket;
    this.socket.write(exchange.bytes);
  }

  private read(chunk: Buffer): void {
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    const exchange = this.current;
    if (!exchange) return;
    const parsed = parseResponse(this.buffered);
    if (parsed === 'incomplete') return;
    this.buffered = Buffer.alloc(0);
    this.current = undefined;
    if (parsed === 'malformed') {
      this.socket.destroy();
      return settle(exchange, () => fail(exchange, 'BAD_RESPONSE', 'malformed HTTP response'));
    }
    settle(exchange, () => exchange.resolve(parsed.response));
    if (parsed.close) return void this.socket.destroy();
    this.idleSince = performance.now();
    this.done(this);
  }

  /** 'error' is followed by 'close': the connection is counted out once. */
  private lost(code: string, message: string): void {
    if (this.ended) return;
    this.ended = true;
    const exchange = this.current;
    this.current = undefined;
    if (exchange) settle(exchange, () => fail(exchange, code, message));
    if (!this.socket.destroyed) this.socket.destroy();
    this.gone(this);
  }
}

function settle(exchange: Exchange, how: () => void): void {
  if (exchange.timer === undefined) return; // already failed by its timeout
  clearTimeout(exchange.timer);
  exchange.timer = undefined;
  how();
}

function fail(exchange: Exchange, code: string, message: string): void {
  exchange.reject(Object.assign(new Error(message), { code }));
}

const HEAD_END = Buffer.from('\r\n\r\n');

/** A whole response at the start of `bytes`, or what is missing. */
export function parseResponse(
  bytes: Buffer,
): 'incomplete' | 'malformed' | { response: RawHttpResponse; close: boolean } {
  const headEnd = bytes.indexOf(HEAD_END);
  if (headEnd < 0) return bytes.length > 64 * 1024 ? 'malformed' : 'incomplete';
  const lines = bytes.toString('latin1', 0, headEnd).split('\r\n');
  const status = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0]);
  if (!status) return 'malformed';
  let contentLength: number | undefined;
  let chunked = false;
  let close = false;
  let contentType = '';
  for (let i = 1; i < lines.length; i++) {
    const colon = lines[i].indexOf(':');
    if (colon <= 0) return 'malformed';
    const name = lines[i].slice(0, colon).trim().toLowerCase();
    const value = lines[i].slice(colon + 1).trim();
    if (name === 'content-length') contentLength = Number(value);
    else if (name === 'transfer-encoding') chunked = value.toLowerCase().includes('chunked');
    else if (name === 'connection') close = value.toLowerCase() === 'close';
    else if (name === 'content-type') contentType = value;
  }
  const bodyStart = headEnd + HEAD_END.length;
  const code = Number(status[1]);
  const make = (body: Buffer) => ({ response: { status: code, contentType, body }, close });
  if (chunked) {
    const body = readChunked(bytes, bodyStart);
    return typeof body === 'string' ? body : make(body);
  }
  const length = contentLength ?? 0;
  if (!Number.isInteger(length) || length < 0) return 'malformed';
  if (bytes.length < bodyStart + length) return 'incomplete';
  return make(bytes.subarray(bodyStart, bodyStart + length));
}

function readChunked(bytes: Buffer, from: number): Buffer | 'incomplete' | 'malformed' {
  const parts: Buffer[] = [];
  let at = from;
  for (;;) {
    const lineEnd = bytes.indexOf('\r\n', at, 'latin1');
    if (lineEnd < 0) return 'incomplete';
    const size = parseInt(bytes.toString('latin1', at, lineEnd).split(';')[0], 16);
    if (!Number.isInteger(size) || size < 0) return 'malformed';
    const dataStart = lineEnd + 2;
    if (size === 0) {
      // No trailers from our apps: the terminating chunk is followed by one empty line.
      if (bytes.length < dataStart + 2) return 'incomplete';
      return Buffer.concat(parts);
    }
    if (bytes.length < dataStart + size + 2) return 'incomplete';
    parts.push(bytes.subarray(dataStart, dataStart + size));
    at = dataStart + size + 2;
  }
}
