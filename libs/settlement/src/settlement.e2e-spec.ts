import { partnerOutboundTopic, TOPICS } from '@roaming/contracts';
import { aRecord, SettlementApiFixture } from './testing/settlement-api.fixture';

const ENERGY_TARIFF = {
  currency: 'EUR',
  vatPercent: '19',
  elements: [{ priceComponents: [{ type: 'ENERGY', price: '0.40' }] }],
};
const CPO = 'DEABC';
const EMSP = 'NLXYZ';
const MARCH = 'agr-1+M2026-03-01';
const APRIL = 'agr-1+M2026-04-01';

describe('settlement (IEC 63119 6.4.3, UC3-5): accepted record → priced → statement closed, over REST and Kafka', () => {
  let fx: SettlementApiFixture;
  let operator: ReturnType<SettlementApiFixture['as']>;
  let cpo: ReturnType<SettlementApiFixture['as']>;
  let emsp: ReturnType<SettlementApiFixture['as']>;
  let stranger: ReturnType<SettlementApiFixture['as']>;

  beforeAll(async () => {
    fx = await SettlementApiFixture.start({
      observe: [TOPICS.settlementEvents, partnerOutboundTopic(CPO), partnerOutboundTopic(EMSP)],
    });
    operator = fx.as(await fx.partnerWithKey('op', ['operator', 'auditor'], []));
    cpo = fx.as(await fx.partnerWithKey('cpo-abc', ['cpo'], [CPO]));
    emsp = fx.as(await fx.partnerWithKey('emsp-xyz', ['emsp'], [EMSP]));
    stranger = fx.as(await fx.partnerWithKey('emsp-other', ['emsp'], ['DEOTH']));
    await fx.agreement('agr-1', CPO, EMSP);
  });

  afterAll(async () => {
    await fx?.close();
  });

  it('6.4.3 bad input: a record whose CPO published no tariff is parked (TARIFF_MISSING), listed, and priced when the tariff arrives', async () => {
    expect(await fx.recordAccepted(aRecord({ cdrId: 'cdr-1' }))).toBe('PARKED');
    const parked = await operator.get('/v1/admin/settlement/parked-records');
    expect(parked.status).toBe(200);
    expect(parked.body.items).toEqual([expect.objectContaining({ cdrId: 'cdr-1', reason: 'TARIFF_MISSING' })]);
    await fx.waitForPublished(partnerOutboundTopic(CPO), (b) => b.type === 'RecordParked' && b.data.cdrId === 'cdr-1');

    await fx.tariff(CPO, 'T-AC', 1, ENERGY_TARIFF);
    expect(await fx.recordOutcome(CPO, 'cdr-1')).toBe('PRICED');
    expect((await operator.get('/v1/admin/settlement/parked-records')).body.items).toEqual([]);
  });

  it('UC3-5: a priced record is a line of the agreement’s statement of its period, with the rating breakdown', async () => {
    const res = await cpo.get(`/v1/statements/${MARCH}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ statementId: MARCH, cpoPartyId: CPO, emspPartyId: EMSP, status: 'OPEN' });
    expect(res.body.lines).toEqual([
      expect.objectContaining({
        kind: 'RECORD',
        cdrId: 'cdr-1',
        currency: 'EUR',
        amountExclVat: '8.00',
        vat: '1.52',
        amountInclVat: '9.52',
      }),
    ]);
    expect((await emsp.get(`/v1/statements/${MARCH}`)).status).toBe(200);
    expect((await stranger.get(`/v1/statements/${MARCH}`)).body.code).toBe('STATEMENT_NOT_FOUND');
    const [priced] = (await fx.store.readStream(`settlementRecord-${CPO}+cdr-1`)).filter(
      (e) => e.type === 'RecordPriced',
    );
    expect(priced.data).toMatchObject({
      tariff: { tariffId: 'T-AC', version: 1, basis: 'PUBLIC' },
      rounding: 'HALF_UP',
    });
  });

  it('6.4.3 bad input: a record in another currency than its tariff is refused (parked CURRENCY_MISMATCH), never priced', async () => {
    const outcome = await fx.recordAccepted(
      aRecord({ cdrId: 'cdr-chf', totalCost: { amount: '10.00', currency: 'CHF' } }),
    );
    expect(outcome).toBe('PARKED');
    const parked = (await operator.get('/v1/admin/settlement/parked-records')).body.items;
    expect(parked).toEqual([expect.objectContaining({ cdrId: 'cdr-chf', reason: 'CURRENCY_MISMATCH' })]);
  });

  it('a credit record is a negative line referencing the record it credits; a revision credits the old one and adds the new', async () => {
    expect(await fx.recordAccepted(aRecord({ cdrId: 'cdr-2', energyWh: 10_000 }))).toBe('PRICED');
    expect(await fx.recordAccepted(aRecord({ cdrId: 'cdr-2-credit', energyWh: 10_000, creditOf: 'cdr-2' }))).toBe(
      'PRICED',
    );
    expect(await fx.recordAccepted(aRecord({ cdrId: 'cdr-3', energyWh: 5_000, revisionOf: 'cdr-1' }))).toBe('PRICED');
    // The same record cannot be credited twice: the second credit is parked, not applied.
    expect(await fx.recordAccepted(aRecord({ cdrId: 'cdr-2-again', energyWh: 10_000, creditOf: 'cdr-2' }))).toBe(
      'PARKED',
    );
    const parked = (await operator.get('/v1/admin/settlement/parked-records')).body.items;
    expect(parked).toEqual(
      expect.arrayContaining([expect.objectContaining({ cdrId: 'cdr-2-again', reason: 'RECORD_INVALID' })]),
    );
    const lines = (await operator.get(`/v1/statements/${MARCH}`)).body.lines;
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ cdrId: 'cdr-2', kind: 'RECORD', amountInclVat: '4.76' }),
        expect.objectContaining({ kind: 'CREDIT', reference: 'cdr-2', amountInclVat: '-4.76' }),
        expect.objectContaining({ kind: 'CREDIT', reference: 'cdr-1', amountInclVat: '-9.52' }),
        expect.objectContaining({ cdrId: 'cdr-3', kind: 'RECORD', amountInclVat: '2.38' }),
      ]),
    );
  });

  it('operator closes the period: totals per currency, fees, digest; StatementClosed published; closed is immutable', async () => {
    const fee = await operator.put(`/v1/admin/settlement/partners/${EMSP}/fee-terms`, {
      perSession: '0.10',
      percentage: '1',
      currency: 'EUR',
      payer: 'PARTY',
    });
    expect(fee.status).toBe(200);
    const res = await operator.post(`/v1/admin/settlement/statements/${MARCH}/close`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'CLOSED',
      lineCount: 5,
      // Sessions net of credits (finding 8): cdr-1, cdr-2, cdr-3 minus the credited cdr-2 and cdr-1 (cdr-3 revises cdr-1).
      totals: [
        {
          currency: 'EUR',
          records: 3,
          credits: 2,
          sessions: 1,
          amountExclVat: '2.00',
          vat: '0.38',
          amountInclVat: '2.38',
        },
      ],
      fees: [{ partyId: EMSP, payerPartyId: EMSP, currency: 'EUR', sessions: 1, amount: '0.12' }], // 0.10 + 1 % of 2.38
    });
    expect(res.body.digest).toMatch(/^[0-9a-f]{64}$/);
    await fx.waitForPublished(
      TOPICS.settlementEvents,
      (b) => b.type === 'StatementClosed' && b.data.statementId === MARCH,
    );

    const again = await operator.post(`/v1/admin/settlement/statements/${MARCH}/close`);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('STATEMENT_CLOSED');
    expect((await operator.post('/v1/admin/settlement/statements/nope/close')).body.code).toBe('STATEMENT_NOT_FOUND');
  });

  it('a late record of a closed period goes to the next open period, referencing the period it belongs to', async () => {
    expect(await fx.recordAccepted(aRecord({ cdrId: 'cdr-late' }))).toBe('PRICED');
    const april = await emsp.get(`/v1/statements/${APRIL}`);
    expect(april.status).toBe(200);
    expect(april.body.lines).toEqual([expect.objectContaining({ cdrId: 'cdr-late', homeStatementId: MARCH })]);
    const march = await emsp.get(`/v1/statements/${MARCH}`);
    expect(march.body.lines).toHaveLength(5);
  });

  it('the schedule closes a period once its end plus the grace has passed (fake clock)', async () => {
    const closer = fx.periodCloser();
    expect(await closer.tick()).toBe(0);
    fx.clock.set('2026-05-02T00:00:01.000Z');
    expect(await closer.tick()).toBe(0);
    fx.clock.set('2026-05-03T00:00:01.000Z');
    expect(await closer.tick()).toBe(1);
    const april = await cpo.get(`/v1/statements/${APRIL}`);
    expect(april.body).toMatchObject({
      status: 'CLOSED',
      totals: [{ currency: 'EUR', records: 1, amountInclVat: '9.52' }],
    });
    const mine = await emsp.get('/v1/statements?status=CLOSED');
    expect(mine.body.items.map((s: { statementId: string }) => s.statementId)).toEqual([MARCH, APRIL]);
    expect((await stranger.get('/v1/statements')).body.items).toEqual([]);
  });

  it('operator issues a closed statement as an invoice numbered per issuer; both partners get it on their outbound topic', async () => {
    const res = await operator.post(`/v1/admin/settlement/statements/${MARCH}/invoice`);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      invoiceNumber: 'DEABC-2026-000001',
      documentType: 'INVOICE',
      issuerPartyId: CPO,
      recipientPartyId: EMSP,
      statementId: MARCH,
      totals: [{ currency: 'EUR', amountExclVat: '2.00', vat: '0.38', amountInclVat: '2.38' }],
    });
    for (const party of [CPO, EMSP]) {
      await fx.waitForPublished(
        partnerOutboundTopic(party),
        (b) => b.type === 'InvoiceIssued' && b.data.invoiceNumber === 'DEABC-2026-000001',
      );
    }
    const again = await operator.post(`/v1/admin/settlement/statements/${MARCH}/invoice`);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('STATEMENT_ALREADY_INVOICED');

    expect(
      await fx.recordAccepted(
        aRecord({ cdrId: 'cdr-may', startedAt: '2026-05-03T10:00:00Z', endedAt: '2026-05-03T11:00:00Z' }),
      ),
    ).toBe('PRICED');
    const open = await operator.post('/v1/admin/settlement/statements/agr-1+M2026-05-01/invoice');
    expect(open.body.code).toBe('STATEMENT_NOT_CLOSED');
  });

  it('partners download their invoice as JSON, CSV and HTML; others cannot see it', async () => {
    const json = await emsp.get('/v1/invoices/DEABC-2026-000001');
    expect(json.status).toBe(200);
    expect(JSON.parse(json.text)).toMatchObject({ invoiceNumber: 'DEABC-2026-000001', lines: expect.any(Array) });
    const csv = await cpo.get('/v1/invoices/DEABC-2026-000001?format=csv');
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.text.split('\r\n')[0]).toContain('invoice_number');
    const html = await cpo.get('/v1/invoices/DEABC-2026-000001?format=html');
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.text).toContain('DEABC-2026-000001');
    expect((await stranger.get('/v1/invoices/DEABC-2026-000001')).body.code).toBe('INVOICE_NOT_FOUND');
    expect((await emsp.get('/v1/invoices')).body.items).toHaveLength(1);
  });

  it('an invoice is corrected only by a credit note cancelling it; the statement can then be invoiced again', async () => {
    const note = await operator.post('/v1/admin/settlement/invoices/DEABC-2026-000001/credit-note');
    expect(note.status).toBe(201);
    expect(note.body).toMatchObject({
      invoiceNumber: 'DEABC-2026-000002',
      documentType: 'CREDIT_NOTE',
      creditedInvoiceNumber: 'DEABC-2026-000001',
      totals: [{ currency: 'EUR', amountInclVat: '-2.38' }],
    });
    expect((await operator.post('/v1/admin/settlement/invoices/DEABC-2026-000001/credit-note')).body.code).toBe(
      'INVOICE_ALREADY_CREDITED',
    );
    const reissued = await operator.post(`/v1/admin/settlement/statements/${MARCH}/invoice`);
    expect(reissued.body.invoiceNumber).toBe('DEABC-2026-000003');
  });

  it('finding 11: invoices and statement lines are read in pages with a cursor; bad paging is problem+json', async () => {
    const numbers: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?limit=2&cursor=${cursor}` : '?limit=2';
      const page = await emsp.get(`/v1/invoices${query}`);
      expect(page.status).toBe(200);
      numbers.push(...page.body.items.map((i: { invoiceNumber: string }) => i.invoiceNumber));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(numbers).toEqual(['DEABC-2026-000001', 'DEABC-2026-000002', 'DEABC-2026-000003']);
    const lines = await emsp.get(`/v1/statements/${MARCH}?limit=3`);
    expect(lines.body).toMatchObject({ lineCount: 5, nextCursor: expect.any(String) });
    expect(lines.body.lines).toHaveLength(3);
    const rest = await emsp.get(`/v1/statements/${MARCH}?limit=3&cursor=${lines.body.nextCursor}`);
    expect(rest.body).toMatchObject({ lineCount: 5, nextCursor: null });
    expect(rest.body.lines).toHaveLength(2);
    const tooMany = await emsp.get(`/v1/statements/${MARCH}?limit=2001`);
    expect(tooMany.status).toBe(400);
    expect(tooMany.headers['content-type']).toContain('application/problem+json');
    expect((await emsp.get('/v1/invoices?cursor=nope')).body.code).toBe('CURSOR_INVALID');
  });

  it('operator sees the multilateral netting of closed statements with its proof (nets sum to zero)', async () => {
    const res = await operator.get('/v1/admin/settlement/netting?currency=EUR');
    expect(res.status).toBe(200);
    expect(res.body.statements).toEqual([MARCH, APRIL]);
    expect(res.body.verification).toEqual({ ok: true });
    const [eur] = res.body.result.currencies;
    const net = Object.fromEntries(eur.positions.map((p: { partyId: string; net: string }) => [p.partyId, p.net]));
    // Fees: March 0.12 (one net session + 1 % of 2.38), April 0.20 (one session + 1 % of 9.52).
    expect(net).toEqual({ [CPO]: '11.90', [EMSP]: '-12.22', ZZHUB: '0.32' });
    expect(eur.proof.sumOfNets).toMatch(/^-?0(\.0+)?$/);
    expect((await cpo.get('/v1/admin/settlement/netting')).status).toBe(403);
  });

  it('auditors re-run rating of a statement from the event history and get the identical result, line by line', async () => {
    const res = await operator.get(`/v1/audit/settlement/statements/${MARCH}/rerating`);
    expect(res.status).toBe(200);
    expect(res.body.match).toBe(true);
    expect(res.body.lines).toHaveLength(5);
    expect(res.body.lines.every((l: { match: boolean }) => l.match)).toBe(true);
    expect(res.body.closed).toMatchObject({ totalsMatch: true, digestMatch: true });
    // The fee's session count is re-computed and compared too (finding 8).
    expect(res.body.closed.recomputed.totals).toEqual([expect.objectContaining({ sessions: 1 })]);
    expect((await cpo.get(`/v1/audit/settlement/statements/${MARCH}/rerating`)).status).toBe(403);
  });

  it('operator sets an agreement’s period and rounding; bad values are problem+json with a stable code', async () => {
    const ok = await operator.put('/v1/admin/settlement/agreements/agr-1/terms', {
      period: 'WEEKLY',
      rounding: 'HALF_EVEN',
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ agreementId: 'agr-1', period: 'WEEKLY', rounding: 'HALF_EVEN', roundingPer: 'line' });
    const bad = await operator.put('/v1/admin/settlement/agreements/agr-1/terms', { period: 'YEARLY' });
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect((await cpo.put('/v1/admin/settlement/agreements/agr-1/terms', {})).status).toBe(403);
  });
});
