/**
 * The raw limit of the authorization benchmark: what Node's HTTP server and PostgreSQL on this machine can do for the
 * same requests with none of the clearing house's work. Each POST body is parsed and stored as one row, durably
 * (group commit: rows that arrive while a commit is running leave together in the next one, at most two at once,
 * as the event store does), and answered 201 with a small JSON body once its transaction committed. No
 * authentication, no lookup, no decision, no hash chain, no projection, no Kafka.
 *
 * Started by authorization-benchmark.ts as its own process: DATABASE_URL, PORT, HOST.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'http';
import { Pool } from 'pg';

interface Waiting {
  body: string;
  respond: (id: string | Error) => void;
}

const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 4 });
const queue: Waiting[] = [];
let inFlight = 0;

function drain(): void {
  while (inFlight < 2 && queue.length > 0) {
    const batch = queue.splice(0, 256);
    inFlight++;
    pool
      .query<{ id: string }>(
        'INSERT INTO raw_floor.decisions (body) SELECT b FROM unnest($1::jsonb[]) AS b RETURNING id::text',
        [batch.map((w) => w.body)],
      )
      .then(
        (result) => batch.forEach((w, i) => w.respond(result.rows[i].id)),
        (error: Error) => batch.forEach((w) => w.respond(error)),
      )
      .finally(() => {
        inFlight--;
        drain();
      });
  }
}

function handle(req: IncomingMessage, res: ServerResponse): void {
  if (req.method === 'GET' && req.url === '/health/ready') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"status":"ok"}');
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    let body: string;
    try {
      body = JSON.stringify(JSON.parse(Buffer.concat(chunks).toString('utf8')));
    } catch {
      res.writeHead(400, { 'content-type': 'application/problem+json' });
      res.end('{"code":"REQUEST_INVALID"}');
      return;
    }
    queue.push({
      body,
      respond: (id) => {
        if (id instanceof Error) {
          res.writeHead(500, { 'content-type': 'application/problem+json' });
          res.end('{"code":"STORE_FAILED"}');
          return;
        }
        const answer = JSON.stringify({ status: 'ACCEPTED', id });
        res.writeHead(201, { 'content-type': 'application/json; charset=utf-8' });
        res.end(answer);
      },
    });
    drain();
  });
}

async function main(): Promise<void> {
  await pool.query(
    `CREATE SCHEMA IF NOT EXISTS raw_floor;
     CREATE TABLE IF NOT EXISTS raw_floor.decisions (
       id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, body jsonb NOT NULL, stored_at timestamptz NOT NULL DEFAULT now())`,
  );
  const server = createServer(handle);
  server.listen(Number(process.env.PORT), process.env.HOST ?? '127.0.0.1');
  process.once('SIGTERM', () => {
    server.close();
    server.closeAllConnections();
    void pool.end().then(() => process.exit(0));
  });
}

void main();
