import { eventStoreMigrations, PgDatabase, PostgresEventStore, runMigrations } from '@roaming/event-store';
import {
  auditExportLines,
  AuditReader,
  AuditSigningKey,
  digestRange,
  FIRST_ANCHOR_LINK,
  signAnchor,
} from '@roaming/event-store/audit';
import { cdrDeliveryStream, cdrStream } from '@roaming/cdr-forwarding';
import { GENESIS_HASH, START } from '@roaming/event-store';
import { createTestDatabase, waitFor } from '@roaming/testing';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { runAuditCli } from './audit-cli';
import { openReadOnly } from './read-only-database';

/** The auditor's command-line tool against a real PostgreSQL store and on export files. */
describe('audit CLI (read-only, offline export verification)', () => {
  let database: { url: string; drop(): Promise<void> };
  let db: PgDatabase;
  let store: PostgresEventStore;
  const key = AuditSigningKey.generate();
  const dir = mkdtempSync(join(tmpdir(), 'audit-cli-'));

  const run = async (...argv: string[]) => {
    let output = '';
    const code = await runAuditCli(argv, {}, (text) => (output += text));
    return { code, output, json: () => JSON.parse(output) };
  };

  beforeAll(async () => {
    database = await createTestDatabase('audit_cli');
    db = new PgDatabase(database.url);
    await runMigrations(db, eventStoreMigrations);
    store = new PostgresEventStore(db);
    await store.append('authorization-a1', [
      {
        type: 'AuthorizationGranted',
        data: {
          authorizationId: 'a1',
          evseId: 'DE*ABC*E1',
          cpoPartyId: 'DEABC',
          tokenUid: '04A2B3C4',
          tokenType: 'RFID',
          requestedAt: '2026-03-01T10:00:00.000Z',
          emaid: 'DE8AAC123456780',
          emspPartyId: 'DE8AA',
          agreementId: 'ag-1',
        },
      },
    ]);
    for (let i = 0; i < 3; i++) await store.append('deadLetter-app+l1', [{ type: 'Noise', data: { i } }]);
    // A signed anchor over everything so far, as the app's AnchorKeeper records it.
    const reader = new AuditReader(db);
    // Settled = no older transaction is still open anywhere on the server (xids are cluster-wide).
    const last = (await store.readStream('deadLetter-app+l1'))[2];
    const head = await waitFor(
      async () => {
        const settled = await reader.settledHead();
        return settled && settled.globalPosition === last.globalPosition ? settled : undefined;
      },
      { description: 'the appended events to settle', timeoutMs: 30_000 },
    );
    const digest = await digestRange(reader, START, head, GENESIS_HASH);
    const anchor = signAnchor(
      {
        app: 'authorization',
        sequence: 1,
        from: START,
        to: head,
        count: digest.count,
        rollingHash: digest.rollingHash,
        previousAnchorHash: FIRST_ANCHOR_LINK,
        anchoredAt: new Date().toISOString(),
        keyId: key.keyId,
      },
      key,
    );
    await store.append('auditAnchor-authorization', [{ type: 'AuditAnchorRecorded', data: anchor }]);
  });

  afterAll(async () => {
    await db?.close();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('verifies an export offline and names the first bad position of a changed line', async () => {
    let text = '';
    const reader = new AuditReader(db);
    for await (const chunk of auditExportLines(
      {
        app: 'authorization',
        scope: { categories: ['authorization', 'deadLetter'] },
        exportedAt: new Date().toISOString(),
      },
      reader.globalWithPreviousHash({ categories: ['authorization', 'deadLetter'] }),
      key,
    )) {
      text += chunk;
    }
    const file = join(dir, 'export.jsonl');
    writeFileSync(file, text);
    const good = await run('verify-export', file, '--public-key', key.publicKey.raw);
    expect(good.code).toBe(0);
    expect(good.json()).toMatchObject({ valid: true, events: 4, signature: 'valid', keySource: 'pinned' });

    const lines = readFileSync(file, 'utf8').split('\n');
    const third = JSON.parse(lines[3]);
    lines[3] = JSON.stringify({ ...third, data: { i: 99 } });
    writeFileSync(file, lines.join('\n'));
    const bad = await run('verify-export', file, '--public-key', key.publicKey.raw);
    expect(bad.code).toBe(1);
    expect(bad.json().firstBad).toEqual({
      line: 4,
      globalPosition: third.globalPosition,
      streamName: 'deadLetter-app+l1',
      streamPosition: 2,
      reason: 'the content does not match its hash: the line was altered',
    });
  });

  it('verifies the store with its anchors, and pinpoints an event changed with SQL', async () => {
    const ok = await run('verify', '--database-url', database.url, '--public-key', key.publicKey.pem);
    expect(ok.code).toBe(0);
    expect(ok.json()).toMatchObject({
      valid: true,
      chains: { valid: true, events: 5 },
      anchors: { 'auditAnchor-authorization': { valid: true, anchors: 1, signaturesChecked: true } },
    });
    await db.query(
      `UPDATE es.events SET data = jsonb_set(data, '{evseId}', '"DE*ABC*E9"') WHERE stream_name = 'authorization-a1'`,
    );
    const tampered = await run('verify', '--database-url', database.url, '--stream', 'authorization-a1');
    expect(tampered.code).toBe(1);
    expect(tampered.json().chains.issues).toEqual([
      expect.objectContaining({ kind: 'altered', streamName: 'authorization-a1', streamPosition: 1 }),
    ]);
  });

  it('replays a stream and a category with the context’s decider, as of a time', async () => {
    const stream = await run('replay', '--database-url', database.url, '--stream', 'authorization-a1');
    expect(stream.code).toBe(0);
    expect(stream.json()).toMatchObject({ stream: 'authorization-a1', version: 1, state: { status: 'granted' } });
    const before = await run(
      'replay',
      '--database-url',
      database.url,
      '--stream',
      'authorization-a1',
      '--as-of',
      '2000-01-01T00:00:00Z',
    );
    expect(before.code).toBe(1);
    const category = await run(
      'replay',
      '--database-url',
      database.url,
      '--category',
      'authorization',
      '--summary',
      'yes',
    );
    expect(category.json()).toMatchObject({ category: 'authorization', streams: 1, events: 1 });
  });

  it('never writes: its database session is read only, and bad usage exits 2', async () => {
    const readOnly = openReadOnly(database.url);
    try {
      await expect(readOnly.query(`DELETE FROM es.events`)).rejects.toThrow(/read-only transaction/);
    } finally {
      await readOnly.close();
    }
    expect((await run('verify-export')).code).toBe(2);
    expect((await run('replay', '--database-url', database.url, '--category', 'unknownThing')).code).toBe(2);
    expect((await run('frobnicate')).code).toBe(2);
  });

  it('replays delivery streams as stored: a TOPIC record not yet acknowledged is under cdr, and the report says so', async () => {
    const forwardedAt = '2026-03-01T11:00:05.000Z';
    const forwarded = (cdrId: string, deliveryChannel: 'TOPIC' | 'WEBHOOK') => ({
      type: 'CdrForwarded',
      data: {
        cdrId,
        cpoPartyId: 'DEABC',
        evseId: 'DE*ABC*E1',
        emaid: 'NL-XYZ-C12345678-9',
        tokenUid: '04A2B3C4',
        startedAt: '2026-03-01T10:00:00.000Z',
        endedAt: '2026-03-01T11:00:00.000Z',
        energyWh: 10_000,
        totalCost: { amount: '4.00', currency: 'EUR' },
        emspPartyId: 'NLXYZ',
        agreementId: 'ag-1',
        forwardedAt,
        deliveryChannel,
        receipt: { receivedAt: forwardedAt, timeZone: null },
      },
    });
    // As the intake and the delivery process manager store them since f9aa4ec: a WEBHOOK record is queued in its
    // delivery stream, a TOPIC record is its CdrForwarded alone until its EVSP acknowledges it.
    await store.append(cdrStream('DEABC', 'T-1'), [forwarded('T-1', 'TOPIC')]);
    await store.append(cdrStream('DEABC', 'W-1'), [forwarded('W-1', 'WEBHOOK')]);
    await store.append(cdrDeliveryStream('DEABC', 'W-1'), [
      {
        type: 'CdrDeliveryQueued',
        data: { cdrId: 'W-1', cpoPartyId: 'DEABC', emspPartyId: 'NLXYZ', channel: 'WEBHOOK', queuedAt: forwardedAt },
      },
    ]);
    const replay = (...argv: string[]) => run('replay', '--database-url', database.url, ...argv);

    const deliveries = await replay('--category', 'cdrDelivery');
    expect(deliveries.code).toBe(0);
    expect(deliveries.json()).toMatchObject({
      category: 'cdrDelivery',
      streams: 1,
      note: expect.stringContaining('replay --category cdr: status forwarded, deliveryChannel TOPIC'),
    });
    expect(Object.keys(deliveries.json().states)).toEqual([cdrDeliveryStream('DEABC', 'W-1')]);
    const topicDelivery = await replay('--stream', cdrDeliveryStream('DEABC', 'T-1'));
    expect(topicDelivery.code).toBe(1);
    expect(topicDelivery.json()).toMatchObject({ error: 'no events', note: deliveries.json().note });

    const records = await replay('--category', 'cdr');
    expect(records.json().note).toBeUndefined();
    expect(records.json().states[cdrStream('DEABC', 'T-1')]).toMatchObject({
      version: 1,
      state: { status: 'forwarded', deliveryChannel: 'TOPIC', forwardedAt, emspPartyId: 'NLXYZ' },
    });
    expect((await run('help')).output).toContain('cdrDelivery has no stream for a record routed to its EVSP');
  });
});
