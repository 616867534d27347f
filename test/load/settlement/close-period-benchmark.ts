/**
 * Issue 6 "Speed": close a settlement period of 1,000,000 records in under a minute.
 *
 *   node scripts/load.js --run test/load/settlement/close-period-benchmark.ts [--records 1000000] [--keep]
 *
 * Seeds a fresh database on the test server with one open statement (agreement agr-bench, March 2026) holding N
 * priced lines (every 50th a credit line, negative, referencing the record before it) in the statement-lines
 * projection, by one INSERT … SELECT generate_series (what pricing N records writes there, without pricing them: the
 * pricing path is measured by the rating benchmark), and the EVSP's fee terms in the event store. Then times the
 * close exactly as POST /v1/admin/settlement/statements/{id}/close runs it (Statements.close): the statement row
 * locked, totals per currency and the sha256 digest of the lines computed by SQL, the fees, one StatementClosed
 * appended, the row updated — in one transaction. A second close must be refused with STATEMENT_CLOSED.
 */
import {
  eventStoreMigrations,
  handleCommand,
  PgDatabase,
  PostgresEventStore,
  runMigrations,
} from '@roaming/event-store';
import { feeTermsDecider, feeTermsStream, settlementMigrations, Statements } from '@roaming/settlement';
import { DomainError } from '@roaming/shared-kernel';
import { createTestDatabase } from '@roaming/testing';
import { cpus, loadavg } from 'os';

const STATEMENT_ID = 'agr-bench+M2026-03-01';

function parseOptions(argv: string[]): { records: number; keep: boolean } {
  const options = { records: 1_000_000, keep: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--records') options.records = Math.floor(Number(argv[++i]));
    else if (argv[i] === '--keep') options.keep = true;
    else throw new Error(`unknown option ${argv[i]}`);
  }
  if (!Number.isFinite(options.records) || options.records < 1) throw new Error('--records needs a number ≥ 1');
  return options;
}

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

const round = (n: number) => Math.round(n * 100) / 100;

async function seed(db: PgDatabase, store: PostgresEventStore, records: number): Promise<void> {
  await db.query(
    `INSERT INTO settlement.statements (statement_id, agreement_id, cpo_party_id, emsp_party_id, period_type, period_start, period_end)
     VALUES ($1, 'agr-bench', 'DEABC', 'NLXYZ', 'MONTHLY', '2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z')`,
    [STATEMENT_ID],
  );
  const CHUNK = 250_000;
  for (let from = 1; from <= records; from += CHUNK) {
    const to = Math.min(records, from + CHUNK - 1);
    await db.query(
      `INSERT INTO settlement.statement_lines (line_id, statement_id, record_id, cdr_id, kind, reference, home_statement_id,
         session_start, energy_wh, currency, amount_excl_vat, vat, amount_incl_vat)
       SELECT 'DEABC+cdr-' || i || ':0', $1, 'DEABC+cdr-' || i, 'cdr-' || i,
              CASE WHEN i % 50 = 0 THEN 'CREDIT' ELSE 'RECORD' END,
              CASE WHEN i % 50 = 0 THEN 'cdr-' || (i - 1) ELSE NULL END,
              NULL,
              timestamptz '2026-03-01' + (i % 2678400) * interval '1 second',
              sign * (1000 + i % 60000), 'EUR', sign * excl, sign * vat, sign * (excl + vat)
       FROM (SELECT i, CASE WHEN i % 50 = 0 THEN -1 ELSE 1 END AS sign,
                    round((100 + i % 5000) / 100.0, 2) AS excl,
                    round(round((100 + i % 5000) / 100.0, 2) * 0.19, 2) AS vat
             FROM generate_series($2::int, $3::int) AS i) AS g`,
      [STATEMENT_ID, from, to],
    );
    process.stderr.write(`  seeded ${to} lines\n`);
  }
  await db.query('ANALYZE settlement.statement_lines');
  await handleCommand(store, feeTermsStream('NLXYZ'), feeTermsDecider, {
    type: 'SetFeeTerms',
    data: {
      partyId: 'NLXYZ',
      terms: { perSession: '0.05', percentage: '0.5', currency: 'EUR', payer: 'PARTY' },
      at: '2026-03-01T00:00:00.000Z',
    },
  });
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const database = await createTestDatabase('settlement_close_bench');
  const db = new PgDatabase(database.url);
  try {
    await runMigrations(db, eventStoreMigrations);
    await runMigrations(db, settlementMigrations);
    const store = new PostgresEventStore(db);
    const seeding = await timed(() => seed(db, store, options.records));
    const statements = new Statements(db, store);
    const load = loadavg();
    const close = await timed(() => statements.close(STATEMENT_ID, 'benchmark', '2026-04-03T00:00:00.000Z'));
    let refused = false;
    try {
      await statements.close(STATEMENT_ID, 'benchmark', '2026-04-04T00:00:00.000Z');
    } catch (error) {
      refused = error instanceof DomainError && error.code === 'STATEMENT_CLOSED';
    }
    const events = await store.readStream(`settlementStatement-${STATEMENT_ID}`);
    const report = {
      machine: {
        cpus: cpus().length,
        cpu: cpus()[0]?.model,
        node: process.version,
        loadAverageBefore: load,
        loadAverageAfter: loadavg(),
      },
      records: options.records,
      seeding: { seconds: round(seeding.seconds) },
      close: {
        seconds: round(close.seconds),
        cpuSeconds: round(close.cpuSeconds),
        target: '< 60 s for 1,000,000 records',
        met: close.seconds < 60,
        lineCount: close.value.lineCount,
        totals: close.value.totals,
        fees: close.value.fees,
        digest: close.value.digest,
        statementClosedEvents: events.filter((e) => e.type === 'StatementClosed').length,
        secondCloseRefused: refused,
      },
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    if (!refused || close.value.lineCount !== options.records) process.exitCode = 1;
  } finally {
    await db.close();
    if (!options.keep) await database.drop();
    else process.stderr.write(`kept database ${database.url}\n`);
  }
}

void main().catch((error) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
