/**
 * Issue 8 "Speed": replay (read + fold) from PostgreSQL in events per second, and full verification of 1,000,000
 * events (every hash chain re-computed from the stored content, every stream head checked, the signed anchor over
 * the global sequence re-checked).
 *
 *   node scripts/load.js --run test/load/audit/audit-benchmark.ts [--events 1000000] [--keep]
 *     [--database-url postgres://…/db]   (a store seeded by an earlier --keep run: skips seeding)
 *
 * Seeds a fresh database on the test server with realistic roaming events (authorization decisions, and CDRs
 * received then forwarded), chained exactly as the store chains them, through batched SQL (the store's own append
 * path would take hours for a million events and is not what is measured here). Then measures, on that database:
 * anchoring the whole sequence, replaying the `authorization` and `cdr` categories with the contexts' own deciders,
 * and verifying everything in one read-only snapshot, the way GET /v1/audit/verification and `audit verify` do.
 */
import { authorizationDecider } from '@roaming/authorization';
import { cdrDecider } from '@roaming/cdr-forwarding';
import { chainHash, eventStoreMigrations, GENESIS_HASH, PgDatabase, runMigrations, START } from '@roaming/event-store';
import {
  AuditReader,
  AuditSigningKey,
  digestRange,
  FIRST_ANCHOR_LINK,
  type Fold,
  replayCategory,
  signAnchor,
  verifyAnchorChain,
  verifyChains,
} from '@roaming/event-store/audit';
import { createTestDatabase } from '@roaming/testing';
import { randomUUID } from 'crypto';
import { cpus, loadavg } from 'os';

interface Options {
  events: number;
  keep: boolean;
  databaseUrl?: string;
}

function parseOptions(argv: string[]): Options {
  const options: Options = { events: 1_000_000, keep: false };
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i];
    if (name === '--events') options.events = Math.floor(Number(argv[++i]));
    else if (name === '--keep') options.keep = true;
    else if (name === '--database-url') options.databaseUrl = argv[++i];
    else throw new Error(`unknown option ${name}`);
  }
  if (!Number.isFinite(options.events) || options.events < 3) throw new Error('--events needs a number ≥ 3');
  return options;
}

interface SeedRow {
  stream: string;
  position: number;
  messageId: string;
  type: string;
  data: unknown;
  metadata: Record<string, unknown>;
  recordedAt: string;
  hash: string;
}

const BATCH = 5_000;

/**
 * Every fifth "session" is a denied authorization without a CDR; the others are a granted authorization and a CDR
 * received then forwarded: 3 events over 2 streams. Times advance a second per session from 2026-03-01.
 */
function* roamingHistory(total: number): Generator<SeedRow> {
  let emitted = 0;
  for (let session = 0; emitted < total; session++) {
    const at = (offsetMs: number) => new Date(Date.UTC(2026, 2, 1) + session * 1000 + offsetMs).toISOString();
    const authorizationId = randomUUID();
    const cpoPartyId = `DEC${(session % 100).toString().padStart(2, '0')}`;
    const emspPartyId = `DEE${(session % 50).toString().padStart(2, '0')}`;
    const evseId = `DE*${cpoPartyId.slice(2)}*E${session % 1000}*1`;
    const tokenUid = (0x04000000 + session).toString(16).toUpperCase().padStart(8, '0');
    const emaid = `${emspPartyId}C${(session % 100_000_000).toString().padStart(8, '0')}0`;
    const denied = session % 5 === 0;
    const decision = denied
      ? {
          type: 'AuthorizationDenied',
          data: {
            authorizationId,
            evseId,
            cpoPartyId,
            tokenUid,
            tokenType: 'RFID',
            requestedAt: at(0),
            reason: 'UNKNOWN_TOKEN',
            emspPartyId: null,
          },
        }
      : {
          type: 'AuthorizationGranted',
          data: {
            authorizationId,
            evseId,
            cpoPartyId,
            tokenUid,
            tokenType: 'RFID',
            requestedAt: at(0),
            emaid,
            emspPartyId,
            agreementId: `ag-${cpoPartyId}-${emspPartyId}`,
          },
        };
    const streams: [string, { type: string; data: unknown; at: string }[]][] = [
      [`authorization-${authorizationId}`, [{ ...decision, at: at(5) }]],
    ];
    if (!denied) {
      const record = {
        cdrId: `CDR-${session}`,
        cpoPartyId,
        evseId,
        emaid,
        tokenUid,
        authorizationId,
        startedAt: at(10),
        endedAt: at(2_700_000),
        energyWh: 10_000 + (session % 40_000),
        totalCost: {
          amount: `${(session % 90) + 1}.${(session % 100).toString().padStart(2, '0')}00`,
          currency: 'EUR',
        },
      };
      streams.push([
        `cdr-${randomUUID()}`,
        [
          { type: 'CdrReceived', data: { ...record, receivedAt: at(2_700_500) }, at: at(2_700_500) },
          {
            type: 'CdrForwarded',
            data: {
              ...record,
              emspPartyId,
              agreementId: `ag-${cpoPartyId}-${emspPartyId}`,
              forwardedAt: at(2_700_600),
            },
            at: at(2_700_600),
          },
        ],
      ]);
    }
    for (const [stream, events] of streams) {
      let previous = GENESIS_HASH;
      for (const [index, event] of events.entries()) {
        if (emitted >= total) return;
        const messageId = randomUUID();
        const metadata = { actor: cpoPartyId, correlationId: authorizationId, messageId, recordedAt: event.at };
        const fields = {
          streamName: stream,
          streamPosition: index + 1,
          messageId,
          type: event.type,
          schemaVersion: 1,
          data: event.data,
          metadata,
          recordedAt: event.at,
        };
        previous = chainHash(previous, fields);
        emitted++;
        yield {
          stream,
          position: index + 1,
          messageId,
          type: event.type,
          data: event.data,
          metadata,
          recordedAt: event.at,
          hash: previous,
        };
      }
    }
  }
}

async function seed(db: PgDatabase, total: number): Promise<void> {
  let rows: SeedRow[] = [];
  let done = 0;
  const flush = async () => {
    await db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO es.events (stream_name, stream_position, message_id, type, schema_version, data, metadata, recorded_at, hash)
         SELECT x.s, x.p, x.id, x.t, 1, x.d, x.m, x.r, x.h
         FROM unnest($1::text[], $2::bigint[], $3::uuid[], $4::text[], $5::jsonb[], $6::jsonb[], $7::timestamptz[], $8::text[])
           AS x(s, p, id, t, d, m, r, h)`,
        [
          rows.map((r) => r.stream),
          rows.map((r) => r.position),
          rows.map((r) => r.messageId),
          rows.map((r) => r.type),
          rows.map((r) => JSON.stringify(r.data)),
          rows.map((r) => JSON.stringify(r.metadata)),
          rows.map((r) => r.recordedAt),
          rows.map((r) => r.hash),
        ],
      );
      // The streams' heads: the last event of each stream in this batch (a stream never spans two batches' ends
      // wrongly: ON CONFLICT keeps the higher position).
      const heads = new Map<string, SeedRow>();
      for (const row of rows) heads.set(row.stream, row);
      await tx.query(
        `INSERT INTO es.streams (stream_name, category, stream_position, last_hash)
         SELECT x.s, split_part(x.s, '-', 1), x.p, x.h FROM unnest($1::text[], $2::bigint[], $3::text[]) AS x(s, p, h)
         ON CONFLICT (stream_name) DO UPDATE SET stream_position = EXCLUDED.stream_position, last_hash = EXCLUDED.last_hash
         WHERE es.streams.stream_position < EXCLUDED.stream_position`,
        [[...heads.keys()], [...heads.values()].map((r) => r.position), [...heads.values()].map((r) => r.hash)],
      );
    });
    done += rows.length;
    rows = [];
    if (done % 100_000 < BATCH) process.stderr.write(`  seeded ${done} events\n`);
  };
  for (const row of roamingHistory(total)) {
    rows.push(row);
    if (rows.length === BATCH) await flush();
  }
  if (rows.length > 0) await flush();
  await db.query('ANALYZE es.events');
  await db.query('ANALYZE es.streams');
}

/**
 * Wall time, and this process's CPU time: on a shared machine the wall time measures the other tenants too, the CPU
 * time is what the work costs here (PostgreSQL's own CPU runs beside it, in its processes).
 */
async function timed<T>(work: () => Promise<T>): Promise<{ value: T; seconds: number; cpuSeconds: number }> {
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const value = await work();
  const used = process.cpuUsage(cpu);
  return {
    value,
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
    cpuSeconds: (used.user + used.system) / 1e6,
  };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const created = options.databaseUrl ? undefined : await createTestDatabase('audit_bench');
  const db = new PgDatabase(options.databaseUrl ?? created!.url);
  try {
    await runMigrations(db, eventStoreMigrations);
    const seeding = options.databaseUrl ? undefined : await timed(() => seed(db, options.events));
    const reader = new AuditReader(db);
    const [{ n }] = (await db.query<{ n: string }>(`SELECT count(*)::text AS n FROM es.events`)).rows;

    const key = AuditSigningKey.generate();
    const anchoring = await timed(async () => {
      const head = (await reader.settledHead())!;
      const digest = await digestRange(reader, START, head, GENESIS_HASH);
      return signAnchor(
        {
          app: 'audit-benchmark',
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
    });

    const replays = [];
    for (const [category, fold] of [
      ['authorization', authorizationDecider],
      ['cdr', cdrDecider],
    ] as const) {
      const run = await timed(() => replayCategory(reader, category, fold as Fold<unknown>));
      replays.push({
        category,
        streams: run.value.streams.size,
        events: run.value.events,
        seconds: round(run.seconds),
        cpuSeconds: round(run.cpuSeconds),
        eventsPerSecond: Math.round(run.value.events / run.seconds),
      });
    }
    const replayed = replays.reduce((sum, r) => sum + r.events, 0);
    const replaySeconds = replays.reduce((sum, r) => sum + r.seconds, 0);
    const replayCpuSeconds = replays.reduce((sum, r) => sum + r.cpuSeconds, 0);

    // As GET /v1/audit/verification does it: the chains in one read-only snapshot, the anchors beside it.
    const verification = await timed(async () => {
      const anchorsChecked = verifyAnchorChain(reader, [anchoring.value], key.publicKey);
      const chains = await db.transaction(async (tx) => {
        await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
        return verifyChains(new AuditReader(tx));
      });
      return { chains, anchors: await anchorsChecked };
    });
    const report = {
      machine: { cpus: cpus().length, cpu: cpus()[0]?.model, node: process.version, loadAverage: loadavg() },
      events: Number(n),
      seeding: seeding && {
        seconds: round(seeding.seconds),
        eventsPerSecond: Math.round(options.events / seeding.seconds),
      },
      anchor: {
        seconds: round(anchoring.seconds),
        cpuSeconds: round(anchoring.cpuSeconds),
        events: anchoring.value.count,
      },
      replay: {
        perCategory: replays,
        events: replayed,
        seconds: round(replaySeconds),
        eventsPerSecond: Math.round(replayed / replaySeconds),
        cpuSeconds: round(replayCpuSeconds),
        target: '≥ 50,000 events/s',
      },
      verification: {
        valid: verification.value.chains.valid && verification.value.anchors.valid,
        streams: verification.value.chains.streams,
        events: verification.value.chains.events,
        anchorsValid: verification.value.anchors.valid,
        seconds: round(verification.seconds),
        eventsPerSecond: Math.round(verification.value.chains.events / verification.seconds),
        cpuSeconds: round(verification.cpuSeconds),
        target: '1,000,000 events < 60 s',
      },
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    if (!report.verification.valid) process.exitCode = 1;
  } finally {
    await db.close();
    if (created && !options.keep) await created.drop();
    else if (created) process.stderr.write(`kept the database: ${created.url}\n`);
  }
}

function round(seconds: number): number {
  return Number(seconds.toFixed(2));
}

main().catch((error: Error) => {
  process.stderr.write(`${error.stack ?? error.message}\n`);
  process.exitCode = 1;
});
