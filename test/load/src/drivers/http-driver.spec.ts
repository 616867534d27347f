import { createServer, type Server } from 'http';
import type { AddressInfo } from 'net';
import { HttpDriver, HttpFailure } from './http-driver';
import { parseResponse } from './http1-pool';

describe('the load driver over plain HTTP (its own HTTP/1.1 pool)', () => {
  let server: Server;
  let base: string;
  let connections = 0;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const path = req.url ?? '/';
        if (path === '/problem') {
          res.writeHead(403, { 'content-type': 'application/problem+json; charset=utf-8' });
          return res.end(JSON.stringify({ code: 'EVSE_NOT_OWNED', status: 403 }));
        }
        if (path === '/chunked') {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.write('{"items":[');
          res.write('1,2,3');
          return res.end(']}');
        }
        if (path === '/close') {
          res.writeHead(200, { 'content-type': 'application/json', connection: 'close' });
          return res.end('{"closing":true}');
        }
        if (path === '/slow') return setTimeout(() => res.end('{}'), 300);
        res.writeHead(201, { 'content-type': 'application/json; charset=utf-8' });
        res.end(
          JSON.stringify({
            method: req.method,
            path,
            authorization: req.headers.authorization,
            contentType: req.headers['content-type'],
            echo: body === '' ? null : (JSON.parse(body) as unknown),
          }),
        );
      });
    });
    server.on('connection', () => connections++);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('sends method, path, query, key and JSON body, and reads the JSON answer', async () => {
    const driver = new HttpDriver(2);
    try {
      const response = await driver.send({
        method: 'POST',
        url: `${base}/v1/authorizations?x=1`,
        apiKey: 'k_123',
        body: { evseId: 'DE*BCP*E00001', note: 'Zürich ✓' },
      });
      expect(response).toEqual({
        status: 201,
        problemCode: undefined,
        body: {
          method: 'POST',
          path: '/v1/authorizations?x=1',
          authorization: 'Bearer k_123',
          contentType: 'application/json',
          echo: { evseId: 'DE*BCP*E00001', note: 'Zürich ✓' },
        },
      });
    } finally {
      driver.close();
    }
  });

  it('names the problem code of a problem+json answer, reads chunked bodies and honours Connection: close', async () => {
    const driver = new HttpDriver(1);
    try {
      expect(await driver.send({ method: 'GET', url: `${base}/problem` })).toMatchObject({
        status: 403,
        problemCode: 'EVSE_NOT_OWNED',
      });
      expect((await driver.send({ method: 'GET', url: `${base}/chunked` })).body).toEqual({ items: [1, 2, 3] });
      expect((await driver.send({ method: 'GET', url: `${base}/close` })).body).toEqual({ closing: true });
      // The closed connection is replaced: the next request still gets its answer.
      expect((await driver.send({ method: 'DELETE', url: `${base}/after-close` })).status).toBe(201);
    } finally {
      driver.close();
    }
  });

  it('keeps at most `connections` sockets and queues the rest in order', async () => {
    const driver = new HttpDriver(3);
    const before = connections;
    try {
      const answers = await Promise.all(
        Array.from({ length: 40 }, (_, i) => driver.send({ method: 'POST', url: `${base}/n`, body: { i } })),
      );
      expect(answers.map((a) => (a.body as { echo: { i: number } }).echo.i)).toEqual(
        Array.from({ length: 40 }, (_, i) => i),
      );
      expect(connections - before).toBe(3);
    } finally {
      driver.close();
    }
  });

  it('fails a request with TIMEOUT when no answer comes in time, and goes on serving later ones', async () => {
    const driver = new HttpDriver(1, 100);
    try {
      await expect(driver.send({ method: 'GET', url: `${base}/slow` })).rejects.toEqual(
        expect.objectContaining({ code: 'TIMEOUT' }),
      );
      expect((await driver.send({ method: 'GET', url: `${base}/ok` })).status).toBe(201);
    } finally {
      driver.close();
    }
  });

  it('fails with the network error when nobody listens', async () => {
    const driver = new HttpDriver(1);
    try {
      const error: unknown = await driver.send({ method: 'GET', url: 'http://127.0.0.1:1/' }).catch((e) => e);
      expect(error).toBeInstanceOf(HttpFailure);
      expect((error as HttpFailure).code).toBe('ECONNREFUSED');
    } finally {
      driver.close();
    }
  });
});

describe('parseResponse', () => {
  const wire = (text: string) => Buffer.from(text, 'latin1');

  it('waits for the whole head and the whole body', () => {
    expect(parseResponse(wire('HTTP/1.1 200 OK\r\ncontent-length: 4\r\n'))).toBe('incomplete');
    expect(parseResponse(wire('HTTP/1.1 200 OK\r\ncontent-length: 4\r\n\r\n{}'))).toBe('incomplete');
    expect(parseResponse(wire('HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n2\r\n{}\r\n'))).toBe('incomplete');
  });

  it('refuses what is not an HTTP/1.x answer', () => {
    expect(parseResponse(wire('SSH-2.0-OpenSSH\r\n\r\n'))).toBe('malformed');
    expect(parseResponse(wire('HTTP/1.1 200 OK\r\nbroken header\r\n\r\n'))).toBe('malformed');
  });

  it('reads status, content type and body', () => {
    const parsed = parseResponse(
      wire('HTTP/1.1 204 No Content\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n'),
    );
    expect(parsed).toEqual({
      response: { status: 204, contentType: 'text/plain', body: Buffer.alloc(0) },
      close: true,
    });
  });
});
