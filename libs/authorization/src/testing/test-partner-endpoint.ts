import { createServer, type IncomingMessage, type Server } from 'http';
import type { AddressInfo } from 'net';

/** How the test endpoint behaves for the next requests. */
export type TestEndpointBehaviour =
  | { kind: 'answer'; body: unknown }
  | { kind: 'late'; afterMs: number; body: unknown }
  | { kind: 'fail'; status: number };

/**
 * A partner's endpoint for tests: a home EVSP's real-time authorization URL (IEC 63119-2 UC4-1) or a CPO's command
 * webhook (UC3-2/UC3-4). A real HTTP server on a free local port that answers, answers late, or fails, as told, and
 * remembers what it was asked.
 */
export class TestPartnerEndpoint {
  readonly requests: { body: unknown; headers: IncomingMessage['headers'] }[] = [];
  private behaviour: TestEndpointBehaviour = { kind: 'answer', body: { status: 'ACCEPTED' } };
  private readonly pending = new Set<NodeJS.Timeout>();

  private constructor(
    private readonly server: Server,
    private readonly path: string,
  ) {}

  static async start(path = '/authorize'): Promise<TestPartnerEndpoint> {
    const server = createServer();
    const evsp = new TestPartnerEndpoint(server, path);
    server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        evsp.requests.push({ body: text ? JSON.parse(text) : undefined, headers: req.headers });
        const behaviour = evsp.behaviour;
        const reply = (status: number, body: unknown) => {
          if (res.destroyed) return;
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(body));
        };
        switch (behaviour.kind) {
          case 'answer':
            return reply(200, behaviour.body);
          case 'fail':
            return reply(behaviour.status, { error: 'backend down' });
          case 'late': {
            const timer = setTimeout(() => {
              evsp.pending.delete(timer);
              reply(200, behaviour.body);
            }, behaviour.afterMs);
            evsp.pending.add(timer);
            return;
          }
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return evsp;
  }

  get url(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}${this.path}`;
  }

  behave(behaviour: TestEndpointBehaviour): void {
    this.behaviour = behaviour;
  }

  async close(): Promise<void> {
    this.pending.forEach((timer) => clearTimeout(timer));
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
