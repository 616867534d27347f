import { chainHash, GENESIS_HASH, PgDatabase } from '@roaming/event-store';
import { AuditPublicKey, verifyExport } from '@roaming/event-store/audit';
import { HEADER } from '@roaming/messaging';
import { createTestDatabase, waitFor } from '@roaming/testing';
import { randomUUID } from 'crypto';
import request from 'supertest';
import {
  METER_TOPIC,
  meterStream,
  type OperationsFixture,
  ReadingsConsumer,
  startOperationsFixture,
} from './testing/operations.fixture';

/**
 * The operator's and auditor's doors of one app (OperationsModule) on the real PostgreSQL: dead letters, processors,
 * projection rebuilds, audit reads, verification with a tamper test, signed anchors, exports and HTTP traces.
 */
describe('operations and audit doors of an app (GeM 1491/1513/1516, ARCHITECTURE §5/§6)', () => {
  let database: { url: string; drop(): Promise<void> };
  let db: PgDatabase;
  let fx: OperationsFixture;
  const http = () => request(fx.app.getHttpServer());
  const as = (key: string) => ({ Authorization: `Bearer ${key}` });

  beforeAll(async () => {
    database = await createTestDatabase('operations_e2e');
    db = new PgDatabase(database.url);
    fx = await startOperationsFixture(db);
  }, 60_000);

  afterAll(async () => {
    await fx?.close();
    await db?.close();
    await database?.drop();
  });

  const advance = (meterId: string, by: number) =>
    http().post('/v1/meters').set(as(fx.cpoKey)).send({ meterId, by }).expect(201);

  describe('dead letters', () => {
    const publish = (body: object, messageId = randomUUID(), rawValue?: string) =>
      fx.bus
        .publish([
          {
            topic: METER_TOPIC,
            key: 'm-1',
            value: body,
            rawValue,
            headers: { [HEADER.messageId]: messageId, [HEADER.type]: 'Reading' },
          },
        ])
        .then(() => messageId);
    // As a partner may write it (spaces, an escape): a replay must send these bytes, which a signature covers.
    const POISON_TEXT = '{ "poison": true, "value": 7, "note": "\\u00e9" }';
    const list = async (query: Record<string, string> = {}) =>
      (await http().get('/v1/admin/dead-letters').query(query).set(as(fx.operatorKey)).expect(200)).body;

    it('captures a dead-lettered message, lists it per topic, and shows its body and reason', async () => {
      const messageId = await publish({}, randomUUID(), POISON_TEXT);
      const page = await waitFor(
        async () => ((await list({ topic: METER_TOPIC })).items.length > 0 ? list() : undefined),
        {
          description: 'the dead letter in the list',
        },
      );
      expect(page.items).toEqual([
        expect.objectContaining({
          originalTopic: METER_TOPIC,
          deadLetterTopic: `${METER_TOPIC}.dlq`,
          messageId,
          status: 'parked',
          parkCount: 1,
          consumerGroup: 'ops-e2e.readings',
          error: 'reading refused: meter unknown',
        }),
      ]);
      const letter = await http()
        .get(`/v1/admin/dead-letters/${page.items[0].letterId}`)
        .set(as(fx.operatorKey))
        .expect(200);
      expect(letter.body.rawValue).toBe(POISON_TEXT);
      expect(letter.body.headers[HEADER.messageId]).toBe(messageId);
    });

    it('replays it with its message id once the cause is fixed: applied exactly once', async () => {
      const [letter] = (await list({ status: 'parked' })).items;
      ReadingsConsumer.healed = true;
      try {
        const replayed = await http()
          .post(`/v1/admin/dead-letters/${letter.letterId}/replay`)
          .set(as(fx.operatorKey))
          .expect(200);
        expect(replayed.body).toEqual({ letterId: letter.letterId, status: 'replayed', parkCount: 1 });
        // Replaying again is refused, and even a duplicate publish would be deduped by the consumer.
        const again = await http().post(`/v1/admin/dead-letters/${letter.letterId}/replay`).set(as(fx.operatorKey));
        expect(again.status).toBe(409);
        expect(again.body.code).toBe('DEAD_LETTER_NOT_PARKED');
      } finally {
        ReadingsConsumer.healed = false;
      }
      const { rows } = await db.query<{ n: string; raw: string }>(
        `SELECT count(*)::text AS n, min(raw) AS raw FROM ops_e2e_ctx.readings WHERE message_id = $1`,
        [letter.messageId],
      );
      expect(rows[0].n).toBe('1');
      // Replayed byte for byte, not re-serialised.
      expect(rows[0].raw).toBe(POISON_TEXT);
      await waitFor(async () => (await list({ status: 'replayed' })).items.length === 1, {
        description: 'the letter shown as replayed',
      });
    });

    it('parks a replay that fails again as the same letter, then discards it with a reason', async () => {
      const messageId = await publish({ poison: true });
      const letter = await waitFor(
        async () =>
          (await list({ status: 'parked' })).items.find((l: { messageId: string }) => l.messageId === messageId),
        { description: 'the second poison message parked' },
      );
      await http().post(`/v1/admin/dead-letters/${letter.letterId}/replay`).set(as(fx.operatorKey)).expect(200);
      const parkedAgain = await waitFor(
        async () => {
          const found = (await list()).items.find((l: { letterId: string }) => l.letterId === letter.letterId);
          return found?.parkCount === 2 && found.status === 'parked' ? found : undefined;
        },
        { description: 'the failed replay parked again' },
      );
      expect(parkedAgain.letterId).toBe(letter.letterId);
      const replays = async () =>
        (
          await db.query<{ n: string }>(
            `SELECT count(*)::text AS n FROM messaging.operator_replays WHERE message_id = $1`,
            [messageId],
          )
        ).rows[0].n;
      expect(await replays()).toBe('1');
      const bad = await http()
        .post(`/v1/admin/dead-letters/${letter.letterId}/discard`)
        .set(as(fx.operatorKey))
        .send({});
      expect(bad.status).toBe(400);
      const discarded = await http()
        .post(`/v1/admin/dead-letters/${letter.letterId}/discard`)
        .set(as(fx.operatorKey))
        .send({ reason: 'meter decommissioned' })
        .expect(200);
      expect(discarded.body).toMatchObject({ status: 'discarded', parkCount: 2 });
      // The replay is taken back with the letter: a copy of the message produced now is not let through as replayed.
      expect(await replays()).toBe('0');
      // Its whole life stays on record, in its own verifiable stream.
      const history = await http()
        .get(`/v1/audit/streams/deadLetter-ops-e2e+${letter.letterId}`)
        .set(as(fx.auditorKey))
        .expect(200);
      // The replay's second failure was parked before the replay itself was recorded (it names parking 1).
      expect(
        history.body.events.map((e: { type: string; data: { parkCount: number } }) => [e.type, e.data.parkCount]),
      ).toEqual([
        ['DeadLetterParked', 1],
        ['DeadLetterParked', 2],
        ['DeadLetterReplayed', 1],
        ['DeadLetterDiscarded', 2],
      ]);
      expect(history.body.verification.valid).toBe(true);
    });

    it('answers 404 for an unknown letter and 400 for a malformed id', async () => {
      const missing = await http().get(`/v1/admin/dead-letters/${randomUUID()}`).set(as(fx.operatorKey));
      expect(missing.status).toBe(404);
      expect(missing.body.code).toBe('DEAD_LETTER_NOT_FOUND');
      const malformed = await http().post('/v1/admin/dead-letters/nope/replay').set(as(fx.operatorKey));
      expect(malformed.status).toBe(400);
      expect(malformed.body.code).toBe('DEAD_LETTER_ID_INVALID');
    });
  });

  describe('processors and versioned projections', () => {
    it('lists every processor with its checkpoint and lag', async () => {
      await advance('meter-a', 5);
      await advance('meter-b', 2);
      const processors = await waitFor(
        async () => {
          const res = await http().get('/v1/admin/processors').set(as(fx.operatorKey)).expect(200);
          const totals = res.body.items.find(
            (p: { processorId: string }) => p.processorId === 'ops_e2e_ctx.meter_totals:v1',
          );
          return totals?.lag === 0 ? res.body.items : undefined;
        },
        { description: 'the meter totals projection caught up' },
      );
      expect(processors).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            processorId: 'ops_e2e_ctx.meter_totals:v1',
            categories: ['meter'],
            running: true,
            leading: true,
            lag: 0,
            checkpoint: expect.objectContaining({ globalPosition: expect.any(String) }),
            projection: expect.objectContaining({ activeVersion: 1, table: 'ops_e2e_ctx.meter_totals_v1' }),
          }),
          expect.objectContaining({ processorId: 'ops_ops_e2e.dead_letters:v1', categories: ['deadLetter'] }),
        ]),
      );
    });

    it('rebuilds a projection into a new version without query downtime; the rebuilt table equals the live one', async () => {
      const expected = new Map<string, number>();
      for (let i = 0; i < 40; i++) {
        await advance(`meter-${i % 7}`, i + 1);
        expected.set(`meter-${i % 7}`, (expected.get(`meter-${i % 7}`) ?? 0) + i + 1);
      }
      const processor = (id: string) =>
        http()
          .get(`/v1/admin/processors/${id}`)
          .set(as(fx.operatorKey))
          .expect(200)
          .then((res) => res.body);
      await waitFor(async () => (await processor('ops_e2e_ctx.meter_totals:v1')).lag === 0, {
        description: 'version 1 caught up',
      });
      const started = await http()
        .post('/v1/admin/processors/ops_e2e_ctx.meter_totals:v1/rebuild')
        .set(as(fx.operatorKey))
        .expect(202);
      expect(started.body).toMatchObject({
        projection: 'ops_e2e_ctx.meter_totals',
        activeVersion: 1,
        rebuilding: { version: 2, processorId: 'ops_e2e_ctx.meter_totals:v2', table: 'ops_e2e_ctx.meter_totals_v2' },
      });
      // Queries answer throughout, from version 1 until the switch, then from version 2, always complete.
      const tablesSeen = new Set<string>();
      await waitFor(
        async () => {
          const res = await http().get('/v1/meters/meter-3').set(as(fx.cpoKey)).expect(200);
          expect(res.body.total).toBe(expected.get('meter-3'));
          tablesSeen.add(res.body.table);
          return res.body.table === 'ops_e2e_ctx.meter_totals_v2';
        },
        { description: 'queries to switch to version 2', timeoutMs: 20_000, intervalMs: 10 },
      );
      expect([...tablesSeen].sort()).toEqual(
        tablesSeen.size === 2
          ? ['ops_e2e_ctx.meter_totals_v1', 'ops_e2e_ctx.meter_totals_v2']
          : ['ops_e2e_ctx.meter_totals_v2'],
      );
      const status = await processor('ops_e2e_ctx.meter_totals:v2');
      expect(status).toMatchObject({ running: true, lag: 0, projection: { activeVersion: 2, rebuilding: null } });
      const rows = (table: string) =>
        db.query(`SELECT meter_id, total::text FROM ${table} ORDER BY meter_id`).then((r) => r.rows);
      const live = await rows('ops_e2e_ctx.meter_totals_v1');
      const rebuilt = await rows('ops_e2e_ctx.meter_totals_v2');
      expect(rebuilt.length).toBeGreaterThanOrEqual(7);
      expect(rebuilt).toEqual(live);
      // From now on only version 2 follows the store; version 1 stopped and stays as it was.
      expect(await processor('ops_e2e_ctx.meter_totals:v1')).toMatchObject({ running: false });
      await advance('meter-after', 11);
      await waitFor(async () => (await http().get('/v1/meters/meter-after').set(as(fx.cpoKey))).body.total === 11, {
        description: 'version 2 to follow new appends',
      });
      expect(await rows('ops_e2e_ctx.meter_totals_v1')).toEqual(live);
    });

    it('refuses to rebuild what is not a versioned projection', async () => {
      const res = await http().post('/v1/admin/processors/kafka-forwarder:nothing/rebuild').set(as(fx.operatorKey));
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('PROCESSOR_NOT_REBUILDABLE');
    });
  });

  describe('auditors', () => {
    let anchorKey: AuditPublicKey;

    beforeAll(async () => {
      for (const by of [4, 6, 9]) await advance('meter-audit', by);
      const key = await http().get('/v1/audit/anchor-key').expect(200);
      expect(key.body).toMatchObject({ algorithm: 'Ed25519', keyId: expect.stringMatching(/^[0-9a-f]{16}$/) });
      anchorKey = AuditPublicKey.parse(key.body.publicKey);
    });

    it('read any stream with its full history and hashes', async () => {
      const res = await http()
        .get(`/v1/audit/streams/${meterStream('meter-audit')}`)
        .set(as(fx.auditorKey))
        .expect(200);
      expect(res.body).toMatchObject({ streamName: 'meter-meter-audit', category: 'meter', version: 3 });
      expect(res.body.events.map((e: { data: { by: number } }) => e.data.by)).toEqual([4, 6, 9]);
      expect(res.body.events[0]).toEqual(
        expect.objectContaining({
          streamPosition: 1,
          type: 'MeterAdvanced',
          metadata: expect.objectContaining({ actor: 'cpo-1' }),
          hash: expect.stringMatching(/^[0-9a-f]{64}$/),
          globalPosition: expect.any(String),
        }),
      );
      expect(res.body.verification).toMatchObject({ valid: true, events: 3 });
      const missing = await http().get('/v1/audit/streams/meter-nobody').set(as(fx.auditorKey));
      expect(missing.status).toBe(404);
      expect(missing.body.code).toBe('STREAM_NOT_FOUND');
    });

    it('rebuild the state of an aggregate as of a time by replaying it with its decider (GeM 1513/1516)', async () => {
      const history = await http().get('/v1/audit/streams/meter-meter-audit').set(as(fx.auditorKey)).expect(200);
      const secondAt = history.body.events[1].recordedAt;
      const asOf = await http()
        .get('/v1/audit/streams/meter-meter-audit/state')
        .query({ asOf: secondAt })
        .set(as(fx.auditorKey))
        .expect(200);
      expect(asOf.body).toEqual({
        streamName: 'meter-meter-audit',
        category: 'meter',
        asOf: secondAt,
        version: 2,
        lastEventAt: secondAt,
        state: { total: 10 },
      });
      const now = await http().get('/v1/audit/streams/meter-meter-audit/state').set(as(fx.auditorKey)).expect(200);
      expect(now.body).toMatchObject({ version: 3, state: { total: 19 } });
      const unknown = await http().get('/v1/audit/streams/gadget-1/state').set(as(fx.auditorKey));
      expect(unknown.status).toBe(404);
      expect(unknown.body.code).toBe('NO_DECIDER_FOR_CATEGORY');
      const bad = await http()
        .get('/v1/audit/streams/meter-meter-audit/state')
        .query({ asOf: 'yesterday' })
        .set(as(fx.auditorKey));
      expect(bad.status).toBe(400);
    });

    it('read the global history by category between positions and times, paged in commit order', async () => {
      // The history is gap-safe: it shows an event once no older transaction is open on the server any more.
      const [newest] = (
        await db.query<{ p: string }>(`SELECT max(global_position)::text AS p FROM es.events WHERE category = 'meter'`)
      ).rows;
      const all = await waitFor(
        async () => {
          const res = await http()
            .get('/v1/audit/events')
            .query({ category: 'meter', limit: 2000 })
            .set(as(fx.auditorKey))
            .expect(200);
          return res.body.items.some((e: { globalPosition: string }) => e.globalPosition === newest.p)
            ? res
            : undefined;
        },
        { description: 'every meter event in the history', timeoutMs: 30_000 },
      );
      const meters = all.body.items as { globalPosition: string; recordedAt: string; streamName: string }[];
      expect(meters.length).toBeGreaterThan(10);
      expect(new Set(meters.map((e) => e.streamName.split('-')[0]))).toEqual(new Set(['meter']));
      const first = await http()
        .get('/v1/audit/events')
        .query({ category: 'meter', limit: 4 })
        .set(as(fx.auditorKey))
        .expect(200);
      const second = await http()
        .get('/v1/audit/events')
        .query({ category: 'meter', limit: 4, cursor: first.body.nextCursor })
        .set(as(fx.auditorKey))
        .expect(200);
      expect([...first.body.items, ...second.body.items]).toEqual(meters.slice(0, 8));
      const [from, to] = [meters[2].globalPosition, meters[5].globalPosition];
      const between = await http()
        .get('/v1/audit/events')
        .query({ category: 'meter', fromPosition: from, toPosition: to })
        .set(as(fx.auditorKey))
        .expect(200);
      expect(between.body.items).toEqual(meters.slice(2, 6));
      const inTime = await http()
        .get('/v1/audit/events')
        .query({ category: 'meter', from: meters[meters.length - 3].recordedAt })
        .set(as(fx.auditorKey))
        .expect(200);
      expect(inTime.body.items.length).toBeGreaterThanOrEqual(3);
      expect(
        inTime.body.items.every((e: { recordedAt: string }) => e.recordedAt >= meters[meters.length - 3].recordedAt),
      ).toBe(true);
      const badCursor = await http().get('/v1/audit/events').query({ cursor: 'abc' }).set(as(fx.auditorKey));
      expect(badCursor.status).toBe(400);
      expect(badCursor.body.code).toBe('CURSOR_INVALID');
    });

    it('answers 403 to an auditor trying to write, and to a partner reading the audit doors', async () => {
      const writes = [
        http().post('/v1/meters').send({ meterId: 'meter-a', by: 1 }),
        http().post('/v1/admin/anchors'),
        http().post(`/v1/admin/dead-letters/${randomUUID()}/replay`),
        http().post(`/v1/admin/dead-letters/${randomUUID()}/discard`).send({ reason: 'x' }),
        http().post('/v1/admin/processors/ops_e2e_ctx.meter_totals/rebuild'),
      ];
      for (const write of writes) {
        const res = await write.set(as(fx.auditorKey));
        expect(res.status).toBe(403);
        expect(res.body.code).toBe('ROLE_REQUIRED');
      }
      const partner = await http().get('/v1/audit/verification').set(as(fx.cpoKey));
      expect(partner.status).toBe(403);
      expect(partner.body).toMatchObject({ code: 'ROLE_REQUIRED', requiredRoles: ['auditor'] });
    });

    it('records signed anchors over the global sequence and verifies everything', async () => {
      // An anchor covers settled events only (no older transaction open anywhere on the server): wait for them.
      const anchorCovering = async (stream: string) => {
        const [event] = (
          await db.query<{ p: string }>(
            `SELECT max(global_position)::text AS p FROM es.events WHERE stream_name = $1`,
            [stream],
          )
        ).rows;
        return waitFor(
          async () => {
            const res = await http().post('/v1/admin/anchors').set(as(fx.operatorKey)).expect(200);
            return BigInt(res.body.anchor?.to.globalPosition ?? 0) >= BigInt(event.p) ? res.body : undefined;
          },
          { description: `an anchor covering ${stream}`, timeoutMs: 30_000, intervalMs: 100 },
        );
      };
      const first = await anchorCovering('meter-meter-audit');
      expect(first).toMatchObject({ anchor: { sequence: 1, app: 'ops-e2e', keyId: anchorKey.keyId } });
      await advance('meter-anchored', 1);
      const second = await anchorCovering('meter-meter-anchored');
      expect(second.anchor.sequence).toBeGreaterThan(first.anchor.sequence);
      // The anchors chain without gaps or overlaps: each starts where the previous ended and names its hash.
      const anchors = (await http().get('/v1/audit/anchors').set(as(fx.auditorKey)).expect(200)).body.items;
      anchors.forEach((anchor: { sequence: number; from: unknown; previousAnchorHash: string }, i: number) => {
        expect(anchor.sequence).toBe(i + 1);
        if (i > 0)
          expect(anchor).toMatchObject({ from: anchors[i - 1].to, previousAnchorHash: anchors[i - 1].anchorHash });
      });
      const verified = await http().get('/v1/audit/verification').set(as(fx.auditorKey)).expect(200);
      expect(verified.body).toMatchObject({
        valid: true,
        chains: { valid: true, issueCount: 0 },
        anchors: { valid: true, anchors: anchors.length, signaturesChecked: true, issues: [] },
      });
      expect(verified.body.chains.events).toBeGreaterThan(50);
    });

    it('exports a stream and a period as JSON lines that verify offline; a changed line names the first bad position', async () => {
      const exported = await http()
        .get('/v1/audit/exports/streams/meter-meter-audit')
        .set(as(fx.auditorKey))
        .expect(200);
      expect(exported.headers['content-type']).toMatch(/application\/x-ndjson/);
      const lines = exported.text.split('\n');
      expect(lines.filter(Boolean)).toHaveLength(5);
      expect(await verifyExport(lines, anchorKey)).toMatchObject({
        valid: true,
        events: 3,
        signature: 'valid',
        keySource: 'pinned',
        firstBad: null,
      });
      const changed = [...lines];
      const event = JSON.parse(changed[2]);
      changed[2] = JSON.stringify({ ...event, data: { ...event.data, by: 600 } });
      const result = await verifyExport(changed, anchorKey);
      expect(result.valid).toBe(false);
      expect(result.firstBad).toEqual({
        line: 3,
        globalPosition: event.globalPosition,
        streamName: 'meter-meter-audit',
        streamPosition: 2,
        reason: 'the content does not match its hash: the line was altered',
      });
      const period = await http()
        .get('/v1/audit/exports/events')
        .query({ category: 'meter,deadLetter', from: '2000-01-01T00:00:00Z' })
        .set(as(fx.auditorKey))
        .expect(200);
      const periodResult = await verifyExport(period.text.split('\n'), anchorKey);
      expect(periodResult).toMatchObject({ valid: true, signature: 'valid' });
      expect(periodResult.events).toBeGreaterThan(40);
    });

    it('traces every call of every door, refused ones too: who, what, when, correlation id, outcome (GeM 1491)', async () => {
      const correlationId = `trace-${randomUUID()}`;
      await http().get('/v1/meters/meter-a').set(as(fx.cpoKey)).set('X-Correlation-ID', correlationId).expect(200);
      await http().get('/v1/meters/meter-a').set('X-Correlation-ID', `${correlationId}-anon`).expect(401);
      await http()
        .post('/v1/meters')
        .set(as(fx.cpoKey))
        .set('X-Correlation-ID', `${correlationId}-bad`)
        .send({ meterId: 'x', by: -1 })
        .expect(400);
      const today = new Date().toISOString().slice(0, 10);
      const traces = await http()
        .get('/v1/audit/http-traces')
        .query({ date: today, limit: 2000 })
        .set(as(fx.auditorKey))
        .expect(200);
      const mine = (id: string) => traces.body.items.find((t: { correlationId: string }) => t.correlationId === id);
      expect(traces.body.streamName).toBe(`httpTrace-ops-e2e+${today}`);
      expect(mine(correlationId)).toMatchObject({
        method: 'GET',
        path: '/v1/meters/meter-a',
        route: '/v1/meters/:meterId',
        status: 200,
        outcome: 'succeeded',
        partnerId: 'cpo-1',
        roles: ['cpo'],
        partyIds: ['DEABC'],
        code: null,
      });
      expect(mine(`${correlationId}-anon`)).toMatchObject({
        status: 401,
        outcome: 'refused',
        code: 'UNAUTHENTICATED',
        partnerId: null,
      });
      expect(mine(`${correlationId}-bad`)).toMatchObject({
        method: 'POST',
        status: 400,
        outcome: 'refused',
        code: 'METER_STEP_INVALID',
      });
      const stream = await http()
        .get(`/v1/audit/verification/streams/httpTrace-ops-e2e+${today}`)
        .set(as(fx.auditorKey))
        .expect(200);
      expect(stream.body.valid).toBe(true);
    });

    describe('tamper tests', () => {
      /** The sequence number of the anchor whose range (after `from`, up to `to`, in commit order) holds the event. */
      const anchorHolding = async (stream: string, position: number): Promise<number> => {
        const [event] = (
          await db.query<{ x: string; p: string }>(
            `SELECT transaction_id::text AS x, global_position::text AS p FROM es.events
             WHERE stream_name = $1 AND stream_position = $2`,
            [stream, position],
          )
        ).rows;
        const key = (c: { transactionId: string; globalPosition: string }) => [
          BigInt(c.transactionId),
          BigInt(c.globalPosition),
        ];
        const after = (a: bigint[], b: bigint[]) => a[0] > b[0] || (a[0] === b[0] && a[1] > b[1]);
        const target = [BigInt(event.x), BigInt(event.p)];
        const anchors = (await http().get('/v1/audit/anchors').set(as(fx.auditorKey)).expect(200)).body.items;
        const holding = anchors.find(
          (a: {
            from: { transactionId: string; globalPosition: string };
            to: { transactionId: string; globalPosition: string };
          }) => after(target, key(a.from)) && !after(target, key(a.to)),
        );
        return holding.sequence;
      };

      const verifyStream = (stream: string) =>
        http()
          .get(`/v1/audit/verification/streams/${stream}`)
          .set(as(fx.auditorKey))
          .expect(200)
          .then((r) => r.body);

      it('pinpoints an event changed with SQL: stream, position and global position', async () => {
        const [target] = (
          await db.query<{ global_position: string }>(
            `SELECT global_position::text FROM es.events WHERE stream_name = 'meter-meter-audit' AND stream_position = 2`,
          )
        ).rows;
        await db.query(
          `UPDATE es.events SET data = jsonb_set(data, '{by}', '600') WHERE stream_name = 'meter-meter-audit' AND stream_position = 2`,
        );
        const result = await verifyStream('meter-meter-audit');
        expect(result.valid).toBe(false);
        expect(result.chains.issues).toEqual([
          expect.objectContaining({
            kind: 'altered',
            streamName: 'meter-meter-audit',
            streamPosition: 2,
            globalPosition: target.global_position,
          }),
        ]);
        const category = await http().get('/v1/audit/verification/categories/meter').set(as(fx.auditorKey)).expect(200);
        expect(category.body.chains.issues).toEqual([
          expect.objectContaining({ streamName: 'meter-meter-audit', streamPosition: 2 }),
        ]);
      });

      it('detects an edit whose stream chain was re-hashed to match, through the signed anchor over its range', async () => {
        // The forger re-computes the stream's chain after the edit, so the stream alone looks intact.
        const { rows } = await db.query<{
          stream_position: string;
          data: unknown;
          metadata: { recordedAt: string };
          message_id: string;
          type: string;
          schema_version: number;
        }>(
          `SELECT stream_position::text, data, metadata, message_id::text, type, schema_version FROM es.events
           WHERE stream_name = 'meter-meter-audit' ORDER BY stream_position`,
        );
        let previous = GENESIS_HASH;
        for (const row of rows) {
          previous = chainHash(previous, {
            streamName: 'meter-meter-audit',
            streamPosition: Number(row.stream_position),
            messageId: row.message_id,
            type: row.type,
            schemaVersion: row.schema_version,
            data: row.data,
            metadata: row.metadata,
            recordedAt: row.metadata.recordedAt,
          });
          await db.query(
            `UPDATE es.events SET hash = $2 WHERE stream_name = 'meter-meter-audit' AND stream_position = $1`,
            [row.stream_position, previous],
          );
        }
        await db.query(`UPDATE es.streams SET last_hash = $1 WHERE stream_name = 'meter-meter-audit'`, [previous]);
        expect((await verifyStream('meter-meter-audit')).valid).toBe(true);
        const everything = await http().get('/v1/audit/verification').set(as(fx.auditorKey)).expect(200);
        expect(everything.body.valid).toBe(false);
        expect(everything.body.chains.valid).toBe(true);
        expect(everything.body.anchors.issues).toEqual([
          expect.objectContaining({
            sequence: await anchorHolding('meter-meter-audit', 2),
            kind: 'range',
            detail: expect.stringContaining('rolling hash'),
          }),
        ]);
      });

      it('detects events removed from the end of a stream (truncation) through its head and the anchor', async () => {
        const anchoredAt = await anchorHolding('meter-meter-anchored', 1);
        await db.query(`DELETE FROM es.events WHERE stream_name = 'meter-meter-anchored'`);
        const result = await verifyStream('meter-meter-anchored');
        expect(result.chains.issues).toEqual([
          expect.objectContaining({ kind: 'truncated', streamName: 'meter-meter-anchored', streamPosition: 1 }),
        ]);
        // Even with the head removed too, the anchor that covered the event counts one event fewer.
        await db.query(`DELETE FROM es.streams WHERE stream_name = 'meter-meter-anchored'`);
        const everything = await http().get('/v1/audit/verification').set(as(fx.auditorKey)).expect(200);
        expect(everything.body.anchors.issues).toEqual(
          expect.arrayContaining([
            expect.objectContaining({
              sequence: anchoredAt,
              kind: 'range',
              detail: expect.stringMatching(/are \d+, anchored \d+/),
            }),
          ]),
        );
      });
    });
  });
});
