import { createServer, type IncomingHttpHeaders, type Server } from 'http';
import type { AddressInfo } from 'net';
import type { Socket } from 'net';

/** How the EVSP's backend answers: 200, 503, or not at all (the connection is cut). */
export type EvspMode = 'up' | 'unavailable' | 'closed';

export interface ReceivedDelivery {
  headers: IncomingHttpHeaders;
  rawBody: string;
}

/**
 * An EVSP's webhook for tests: a real HTTP server on a free local port that answers as told, keeps every request,
 * and counts the records it took (2xx) by their stable id, as an EVSP that de-duplicates would.
 */
export class TestEvspWebhook {
  readonly requests: ReceivedDelivery[] = [];
  /** Record id → how many times it was answered 2xx (an EVSP sees repeats and keeps one). */
  readonly accepted = new Map<string, number>();
  mode: EvspMode = 'up';
  private readonly sockets = new Set<Socket>();

  private constructor(private readonly server: Server) {}

  static async start(): Promise<TestEvspWebhook> {
    const server = createServer();
    const evsp = new TestEvspWebhook(server);
    server.on('connection', (socket) => {
      evsp.sockets.add(socket);
      socket.on('close', () => evsp.sockets.delete(socket));
    });
    server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        evsp.requests.push({ headers: req.headers, rawBody: Buffer.concat(chunks).toString('utf8') });
        if (evsp.mode === 'closed') {
          req.socket.destroy();
          return;
        }
        if (evsp.mode === 'unavailable') {
          res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"maintenance"}');
          return;
        }
        const id = String(req.headers['hub-record-id']);
        evsp.accepted.set(id, (evsp.accepted.get(id) ?? 0) + 1);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"received"}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return evsp;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/cdrs`;
  }

  /** The requests for one record, in arrival order. */
  requestsFor(recordId: string): ReceivedDelivery[] {
    return this.requests.filter((r) => r.headers['hub-record-id'] === recordId);
  }

  async close(): Promise<void> {
    this.sockets.forEach((socket) => socket.destroy());
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
