import { TOPICS } from '@roaming/contracts';
import { eventStoreMigrations, PgDatabase, PostgresEventStore, runMigrations } from '@roaming/event-store';
import { HEADER, type InboundMessage } from '@roaming/messaging';
import { createTestDatabase } from '@roaming/testing';
import { randomUUID } from 'crypto';
import { RecordsConsumer } from '../integration/records.consumer';
import { RecordPricer } from '../record/record-pricer';
import { settlementMigrations } from '../settlement.migrations';
import { Statements } from '../statement/statements';
import { aRecord } from '../testing/settlement-api.fixture';
import { RegistryViewConsumer } from './registry-view.consumer';

const TARIFF = {
  currency: 'EUR',
  vatPercent: '19',
  elements: [{ priceComponents: [{ type: 'ENERGY', price: '0.40' }] }],
};

/**
 * Settlement's views and inline projections on PostgreSQL 15: the registry view (agreements, tariff versions) is
 * idempotent and order-independent; a redelivered record is priced once; parked records are priced when the tariff
 * arrives; a record of a closed statement goes to the next period (IEC 63119 6.4.3).
 */
describe('settlement registry view, pricing and statement lines on PostgreSQL', () => {
  let database: { url: string; drop(): Promise<void> };
  let db: PgDatabase;
  let registry: RegistryViewConsumer;
  let records: RecordsConsumer;
  let statements: Statements;

  beforeAll(async () => {
    database = await createTestDatabase('settlement_projections');
    db = new PgDatabase(database.url);
    await runMigrations(db, eventStoreMigrations);
    await runMigrations(db, settlementMigrations);
    const store = new PostgresEventStore(db);
    const pricer = new RecordPricer(store);
    registry = new RegistryViewConsumer(pricer);
    records = new RecordsConsumer(pricer);
    statements = new Statements(db, store);
  });

  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });

  const message = (
    topic: string,
    type: string,
    data: unknown,
    occurredAt: string,
    messageId = randomUUID(),
  ): InboundMessage => ({
    topic,
    partition: 0,
    offset: '0',
    key: null,
    rawValue: JSON.stringify({ type, schemaVersion: 1, occurredAt, data }),
    headers: { [HEADER.messageId]: messageId, [HEADER.type]: type },
  });
  const deliverRegistry = (type: string, data: unknown, occurredAt: string) =>
    db.transaction((tx) => registry.handle(message(TOPICS.contractRegistryEvents, type, data, occurredAt), { tx }));
  const deliverRecord = (m: InboundMessage) => db.transaction((tx) => records.handle(m, { tx }));
  const agreement = (status: string, tariffId: string | null) => ({
    agreementId: 'agr-int',
    cpoPartyId: 'DE*ABC',
    emspPartyId: 'NL-XYZ',
    status,
    validFrom: '2026-01-01T00:00:00Z',
    validUntil: null,
    tariffId,
  });
  const lines = async (statementId: string) =>
    (
      await db.query<{ cdr_id: string; home_statement_id: string | null }>(
        `SELECT cdr_id, home_statement_id FROM settlement.statement_lines WHERE statement_id = $1 ORDER BY line_id`,
        [statementId],
      )
    ).rows;

  it('keeps the newest agreement facts whatever the arrival order, with normalised party ids', async () => {
    await deliverRegistry('RoamingAgreementStatusChanged', agreement('active', null), '2026-02-01T00:00:00Z');
    await deliverRegistry('RoamingAgreementStatusChanged', agreement('offered', 'OLD'), '2026-01-01T00:00:00Z');
    const { rows } = await db.query(`SELECT cpo_party_id, emsp_party_id, status, tariff_id FROM settlement.agreements`);
    expect(rows).toEqual([{ cpo_party_id: 'DEABC', emsp_party_id: 'NLXYZ', status: 'active', tariff_id: null }]);
  });

  it('parks a record without a tariff and prices it in the transaction that brings the tariff', async () => {
    await deliverRecord(
      message(TOPICS.cdrForwardingEvents, 'CdrForwarded', aRecord({ cdrId: 'int-1' }), '2026-03-05T12:00:00Z'),
    );
    expect((await db.query(`SELECT reason FROM settlement.parked_records`)).rows).toEqual([
      { reason: 'TARIFF_MISSING' },
    ]);
    const published = {
      cpoPartyId: 'DEABC',
      tariffId: 'T',
      version: 1,
      audience: 'public',
      validFrom: '2026-01-01T00:00:00Z',
      tariff: TARIFF,
    };
    await deliverRegistry('TariffPublished', published, '2026-03-06T00:00:00Z');
    await deliverRegistry('TariffPublished', published, '2026-03-06T00:00:00Z');
    expect((await db.query(`SELECT count(*)::int AS n FROM settlement.tariff_versions`)).rows).toEqual([{ n: 1 }]);
    expect((await db.query(`SELECT * FROM settlement.parked_records`)).rows).toEqual([]);
    expect(await lines('agr-int+M2026-03-01')).toEqual([{ cdr_id: 'int-1', home_statement_id: null }]);
  });

  it('prices a redelivered record once (same or another message id)', async () => {
    const m = message(TOPICS.cdrForwardingEvents, 'CdrForwarded', aRecord({ cdrId: 'int-2' }), '2026-03-05T12:00:00Z');
    await deliverRecord(m);
    await deliverRecord(m);
    await deliverRecord(
      message(TOPICS.cdrForwardingEvents, 'CdrForwarded', aRecord({ cdrId: 'int-2' }), '2026-03-05T12:00:01Z'),
    );
    expect((await lines('agr-int+M2026-03-01')).map((l) => l.cdr_id)).toEqual(['int-1', 'int-2']);
  });

  it('a record of a closed statement is a line of the next period, referencing its own', async () => {
    const closed = await statements.close('agr-int+M2026-03-01', 'test', '2026-04-03T00:00:00.000Z');
    expect(closed).toMatchObject({
      status: 'CLOSED',
      lineCount: 2,
      totals: [{ currency: 'EUR', records: 2, amountInclVat: '19.04' }],
    });
    await deliverRecord(
      message(TOPICS.cdrForwardingEvents, 'CdrForwarded', aRecord({ cdrId: 'int-3' }), '2026-04-05T12:00:00Z'),
    );
    expect(await lines('agr-int+M2026-04-01')).toEqual([{ cdr_id: 'int-3', home_statement_id: 'agr-int+M2026-03-01' }]);
    expect(await lines('agr-int+M2026-03-01')).toHaveLength(2);
  });

  it('finding 11: statement lines, statements are read in pages (≤ 2000) with a cursor and the line count', async () => {
    const operator = { partnerId: 'op', partyIds: [], roles: ['operator' as const], keyId: 'k' };
    const first = await statements.forReader(operator, 'agr-int+M2026-03-01', { limit: 1 });
    expect(first).toMatchObject({ lineCount: 2, lines: [{ cdrId: 'int-1' }] });
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await statements.forReader(operator, 'agr-int+M2026-03-01', {
      limit: 1,
      cursor: first.nextCursor ?? '',
    });
    expect(second).toMatchObject({ lineCount: 2, lines: [{ cdrId: 'int-2' }], nextCursor: null });
    // An open statement states its line count too (counted, not stored).
    expect(await statements.forReader(operator, 'agr-int+M2026-04-01')).toMatchObject({
      status: 'OPEN',
      lineCount: 1,
      nextCursor: null,
    });
    const page1 = await statements.list(operator, undefined, { limit: 1 });
    expect(page1.items.map((i) => i.statementId)).toEqual(['agr-int+M2026-03-01']);
    const page2 = await statements.list(operator, undefined, { limit: 1, cursor: page1.nextCursor ?? '' });
    expect(page2).toMatchObject({ items: [{ statementId: 'agr-int+M2026-04-01' }], nextCursor: null });
    await expect(statements.list(operator, undefined, { cursor: 'bogus' })).rejects.toMatchObject({
      code: 'CURSOR_INVALID',
    });
    await expect(
      statements.forReader(operator, 'agr-int+M2026-04-01', { cursor: first.nextCursor ?? '' }),
    ).rejects.toMatchObject({ code: 'CURSOR_INVALID' });
    await expect(statements.list(operator, undefined, { limit: 2001 })).rejects.toMatchObject({
      code: 'PAGE_LIMIT_INVALID',
    });
  });

  it('finding 9: a late record is priced under the negotiated tariff the agreement had at its session start', async () => {
    const negotiated = (tariffId: string, price: string) => ({
      cpoPartyId: 'DEABC',
      tariffId,
      version: 1,
      audience: 'negotiated',
      validFrom: '2026-01-01T00:00:00Z',
      tariff: { ...TARIFF, elements: [{ priceComponents: [{ type: 'ENERGY', price }] }] },
    });
    await deliverRegistry('TariffPublished', negotiated('N1', '0.30'), '2026-01-02T00:00:00Z');
    await deliverRegistry('TariffPublished', negotiated('N2', '0.50'), '2026-01-02T00:00:00Z');
    const hist = (tariffId: string) => ({
      ...agreement('active', tariffId),
      agreementId: 'agr-hist',
      emspPartyId: 'BE-HIS',
    });
    await deliverRegistry('RoamingAgreementStatusChanged', hist('N1'), '2026-02-01T00:00:00Z');
    // Renegotiated on 10 March: N2 from then on; redelivered (idempotent).
    await deliverRegistry('RoamingAgreementStatusChanged', hist('N2'), '2026-03-10T00:00:00Z');
    await deliverRegistry('RoamingAgreementStatusChanged', hist('N2'), '2026-03-10T00:00:00Z');
    const at = (cdrId: string, startedAt: string, endedAt: string) =>
      deliverRecord(
        message(
          TOPICS.cdrForwardingEvents,
          'CdrForwarded',
          aRecord({ cdrId, emspPartyId: 'BEHIS', startedAt, endedAt }),
          '2026-03-20T00:00:00Z',
        ),
      );
    await at('hist-before', '2026-03-05T10:00:00.000Z', '2026-03-05T11:00:00.000Z'); // late: arrives after the change
    await at('hist-after', '2026-03-15T10:00:00.000Z', '2026-03-15T11:00:00.000Z');
    await at('hist-first', '2026-01-15T10:00:00.000Z', '2026-01-15T11:00:00.000Z'); // before the activation was told
    const { rows } = await db.query<{ cdr_id: string; amount_incl_vat: string }>(
      `SELECT cdr_id, amount_incl_vat::text FROM settlement.statement_lines WHERE cdr_id LIKE 'hist-%' ORDER BY cdr_id`,
    );
    // 20 kWh × 0.30 × 1.19 = 7.14 (N1); × 0.50 × 1.19 = 11.90 (N2)
    expect(rows).toEqual([
      { cdr_id: 'hist-after', amount_incl_vat: '11.90' },
      { cdr_id: 'hist-before', amount_incl_vat: '7.14' },
      { cdr_id: 'hist-first', amount_incl_vat: '7.14' },
    ]);
    expect(
      (await db.query(`SELECT count(*)::int AS n FROM settlement.agreement_versions WHERE agreement_id = 'agr-hist'`))
        .rows,
    ).toEqual([{ n: 2 }]);
  });

  it('finding 3: a credit is booked under the credited record’s agreement, even when a newer one of the pair is in force', async () => {
    const pair = (agreementId: string, validFrom: string) => ({
      ...agreement('active', null),
      agreementId,
      emspPartyId: 'FR-CRD',
      validFrom,
    });
    await deliverRegistry(
      'RoamingAgreementStatusChanged',
      pair('agr-crd-a', '2026-01-01T00:00:00Z'),
      '2026-01-01T00:00:00Z',
    );
    const record = (cdrId: string, extra: Record<string, string> = {}) =>
      deliverRecord(
        message(
          TOPICS.cdrForwardingEvents,
          'CdrForwarded',
          aRecord({ cdrId, emspPartyId: 'FRCRD', ...extra }),
          '2026-03-20T00:00:00Z',
        ),
      );
    await record('crd-1');
    // A second agreement of the same pair, valid from 1 March: the newer one is in force for the credit's session.
    await deliverRegistry(
      'RoamingAgreementStatusChanged',
      pair('agr-crd-b', '2026-03-01T00:00:00Z'),
      '2026-03-02T00:00:00Z',
    );
    await record('crd-1-credit', { creditOf: 'crd-1' });
    const { rows } = await db.query<{ cdr_id: string; kind: string; statement_id: string }>(
      `SELECT cdr_id, kind, statement_id FROM settlement.statement_lines WHERE cdr_id LIKE 'crd-%' ORDER BY line_id`,
    );
    expect(rows).toEqual([
      { cdr_id: 'crd-1', kind: 'CREDIT', statement_id: 'agr-crd-a+M2026-03-01' },
      { cdr_id: 'crd-1', kind: 'RECORD', statement_id: 'agr-crd-a+M2026-03-01' },
    ]);
  });
});
