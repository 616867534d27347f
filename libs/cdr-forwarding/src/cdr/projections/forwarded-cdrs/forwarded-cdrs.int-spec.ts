import {
  eventStoreMigrations,
  handleCommand,
  PgDatabase,
  PostgresEventStore,
  runMigrations,
} from '@roaming/event-store';
import { createTestDatabase } from '@roaming/testing';
import { cdrForwardingMigrations } from '../../../cdr-forwarding.migrations';
import { cdrDecider, cdrStream, parseCdrSubmission, type ReceiveCdr } from '../../domain';
import { FORWARDED_CDRS_PROCESSOR_ID, forwardedCdrsProjection } from './forwarded-cdrs.projection';
import { ForwardedCdrsQueries } from './forwarded-cdrs.queries';

/** The EVSP's pull view (eMI3 UC 200 step 16.1, GeM 984) on PostgreSQL 15: projection, checkpoint, true-delta cursor. */
describe('cdr.forwarded_cdrs projection (eMI3 UC 200 16.1, GeM 984) on PostgreSQL', () => {
  let database: { url: string; drop(): Promise<void> };
  let db: PgDatabase;
  let store: PostgresEventStore;
  let queries: ForwardedCdrsQueries;
  let n = 0;

  beforeAll(async () => {
    database = await createTestDatabase('cdr_forwarded_cdrs');
    db = new PgDatabase(database.url);
    await runMigrations(db, [...eventStoreMigrations, ...cdrForwardingMigrations]);
    store = new PostgresEventStore(db);
    queries = new ForwardedCdrsQueries(db);
  });

  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });

  async function receive(emspPartyId: string, agreementId: string | null = 'agr-1'): Promise<string> {
    n += 1;
    const { record } = parseCdrSubmission({
      cdrId: `CDR-${n}`,
      evseId: 'DE*ABC*E1*1',
      emaid: 'DE-8AA-001234567-0',
      tokenUid: '04A2B3C4',
      startedAt: '2026-03-01T10:00:00Z',
      endedAt: '2026-03-01T11:00:00Z',
      energyWh: 11_000,
      totalCost: { amount: '4.40', currency: 'EUR' },
    });
    const command: ReceiveCdr = {
      type: 'ReceiveCdr',
      data: {
        cdr: record,
        receivedAt: '2026-03-01T11:00:05.000Z',
        facts: {
          routing: { emspPartyId, provider: 'active', agreementId },
          evse: { cpoPartyId: record.cpoPartyId, maxPowerW: 22_000, timeZone: 'Europe/Berlin' },
          authorizationMode: 'AUTHORIZED',
          sessionClaimedBy: null,
          reference: null,
        },
      },
    };
    await handleCommand(store, cdrStream(record.cpoPartyId, record.cdrId), cdrDecider, command);
    return record.cdrId;
  }

  it('lists forwarded CDRs per EVSP in arrival order, pages with the cursor, and replays without duplicates', async () => {
    const forwarded = [await receive('DE8AA'), await receive('DE8AA'), await receive('DE8AA')];
    await receive('DE8AA', null); // rejected: never listed
    const elsewhere = await receive('NLTNM');
    const projection = forwardedCdrsProjection(store);
    await projection.catchUp();

    const page1 = await queries.list(['DE8AA'], 2);
    expect(page1.items.map((c) => c.cdrId)).toEqual(forwarded.slice(0, 2));
    expect(page1.items[0]).toMatchObject({
      cdrId: forwarded[0],
      cpoPartyId: 'DEABC',
      emspPartyId: 'DE8AA',
      evseId: 'DE*ABC*E1*1',
      emaid: 'DE8AA0012345670',
      tokenUid: '04A2B3C4',
      authorizationId: null,
      startedAt: '2026-03-01T10:00:00.000Z',
      endedAt: '2026-03-01T11:00:00.000Z',
      energyWh: 11_000,
      totalCost: { amount: '4.4000', currency: 'EUR' },
    });
    const page2 = await queries.list(['DE8AA'], 2, page1.nextCursor!);
    expect(page2.items.map((c) => c.cdrId)).toEqual(forwarded.slice(2));
    expect((await queries.list(['NLTNM', 'DE8AA'], 10)).items.map((c) => c.cdrId)).toEqual([...forwarded, elsewhere]);

    // A rebuilt processor (checkpoint reset) meets its own rows and adds nothing.
    await db.query(`UPDATE es.checkpoints SET transaction_id = '0', global_position = 0 WHERE processor_id = $1`, [
      FORWARDED_CDRS_PROCESSOR_ID,
    ]);
    await forwardedCdrsProjection(store).catchUp();
    const { rows } = await db.query<{ n: string }>(`SELECT count(*)::text AS n FROM cdr.forwarded_cdrs`);
    expect(rows[0].n).toBe('4');
    expect((await queries.list(['DE8AA'], 10, page2.nextCursor!)).items).toEqual([]);
  });

  it('pages in numeric arrival order past position 9 → 10 and 99 → 100 (regression of f188e41: text order listed CDRs twice)', async () => {
    const sent: string[] = [];
    for (let i = 0; i < 105; i++) sent.push(await receive('DE8AA'));
    await forwardedCdrsProjection(store).catchUp();
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 100; pages++) {
      const page = await queries.list(['DE8AA'], 4, cursor);
      seen.push(...page.items.map((c) => c.cdrId));
      if (page.items.length === 0 || !page.nextCursor) break;
      cursor = page.nextCursor;
    }
    const ours = seen.filter((id) => sent.includes(id));
    expect(ours).toEqual(sent);
    expect(new Set(seen).size).toBe(seen.length);
  });
});
