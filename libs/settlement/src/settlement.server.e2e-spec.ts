import type { INestApplication } from '@nestjs/common';
import { partnerOutboundTopic, TOPICS } from '@roaming/contracts';
import { PgDatabase } from '@roaming/event-store';
import { generateApiKey } from '@roaming/platform';
import { createTestDatabase, KafkaTestProbe, testKafkaBrokers, uniqueSuffix, waitFor } from '@roaming/testing';
import { randomBytes } from 'crypto';
import request from 'supertest';
import { SettlementAppModule } from '../../../apps/settlement/src/app.module';
import { startApp } from '../../../test/e2e/support/server-apps';
import { aRecord } from './testing/settlement-api.fixture';

/**
 * The settlement app as deployed (server mode): its own PostgreSQL database, the registry's and cdr-forwarding's facts
 * on the real Kafka topics, the invoice on both partners' real outbound topics (IEC 63119 6.4.3, UC3-5).
 */
describe('settlement through real Kafka into PostgreSQL (server mode, IEC 63119 6.4.3)', () => {
  const prefix = `e2e-settle-${uniqueSuffix()}.`;
  const probe = new KafkaTestProbe();
  const operatorKey = `op_${randomBytes(24).toString('hex')}`;
  const cpoKey = generateApiKey();
  const emspKey = generateApiKey();
  let database: { url: string; drop(): Promise<void> };
  let db: PgDatabase;
  let app: INestApplication;

  const produce = (topic: string, messages: [string, unknown][]) => probe.produceEvents(prefix + topic, 'k', messages);

  beforeAll(async () => {
    await probe.connect();
    database = await createTestDatabase('settlement_server');
    db = new PgDatabase(database.url);
    app = await startApp(SettlementAppModule, 'Settlement', {
      MODE: 'server',
      DATABASE_URL: database.url,
      KAFKA_BROKERS: testKafkaBrokers().join(','),
      KAFKA_TOPIC_PREFIX: prefix,
      OPERATOR_API_KEY: operatorKey,
      LOG_LEVEL: 'warn',
    });
    await produce(TOPICS.contractRegistryEvents, [
      ['PartnerCredentialIssued', { partnerId: 'cpo', ...cpoKey, key: undefined, roles: ['cpo'], partyIds: ['DEABC'] }],
      [
        'PartnerCredentialIssued',
        { partnerId: 'emsp', ...emspKey, key: undefined, roles: ['emsp'], partyIds: ['NLXYZ'] },
      ],
      [
        'RoamingAgreementStatusChanged',
        {
          agreementId: 'agr-s',
          cpoPartyId: 'DEABC',
          emspPartyId: 'NLXYZ',
          status: 'active',
          validFrom: '2026-01-01T00:00:00Z',
          validUntil: null,
        },
      ],
      [
        'TariffPublished',
        {
          cpoPartyId: 'DEABC',
          tariffId: 'T',
          version: 1,
          audience: 'public',
          validFrom: '2026-01-01T00:00:00Z',
          tariff: {
            currency: 'EUR',
            vatPercent: '19',
            elements: [{ priceComponents: [{ type: 'ENERGY', price: '0.40' }] }],
          },
        },
      ],
    ]);
    await waitFor(async () => (await db.query(`SELECT 1 FROM settlement.tariff_versions`)).rowCount > 0, {
      description: 'the registry view',
      timeoutMs: 30_000,
    });
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await db?.close();
    await probe.close();
    await database?.drop();
  }, 60_000);

  it('prices records from cdr-forwarding.events.v1, closes the statement and delivers the invoice to both partners on Kafka', async () => {
    await produce(TOPICS.cdrForwardingEvents, [
      ['CdrForwarded', aRecord({ cdrId: 's-1' })],
      ['CdrForwarded', aRecord({ cdrId: 's-2', energyWh: 10_000 })],
      ['CdrForwarded', aRecord({ cdrId: 's-1' })],
    ]);
    const statementId = 'agr-s+M2026-03-01';
    const statement = await waitFor(
      async () => {
        const res = await request(app.getHttpServer())
          .get(`/v1/statements/${statementId}`)
          .set('Authorization', `Bearer ${emspKey.key}`);
        return res.status === 200 && res.body.lines.length === 2 ? res.body : undefined;
      },
      { description: 'both records priced once', timeoutMs: 30_000 },
    );
    expect(statement.lines.map((l: { amountInclVat: string }) => l.amountInclVat).sort()).toEqual(['4.76', '9.52']);

    const operator = { Authorization: `Bearer ${operatorKey}` };
    const closed = await request(app.getHttpServer())
      .post(`/v1/admin/settlement/statements/${statementId}/close`)
      .set(operator);
    expect(closed.body).toMatchObject({
      status: 'CLOSED',
      totals: [{ currency: 'EUR', records: 2, amountInclVat: '14.28' }],
    });
    const invoice = await request(app.getHttpServer())
      .post(`/v1/admin/settlement/statements/${statementId}/invoice`)
      .set(operator);
    expect(invoice.status).toBe(201);
    for (const party of ['DEABC', 'NLXYZ']) {
      const delivered = await probe.waitForMessage(prefix + partnerOutboundTopic(party), (m) => {
        const body = JSON.parse(m.value);
        return body.type === 'InvoiceIssued' ? body : undefined;
      });
      expect(delivered.data).toMatchObject({ invoiceNumber: invoice.body.invoiceNumber, statementId });
    }
    await probe.waitForMessage(prefix + TOPICS.settlementEvents, (m) =>
      JSON.parse(m.value).type === 'StatementClosed' ? true : undefined,
    );
  });
});
