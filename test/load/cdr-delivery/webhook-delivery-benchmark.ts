/**
 * Webhook delivery of forwarded CDRs to an EVSP (issue 5 part B; GeM 984): how fast records reach a healthy EVSP's
 * webhook, and how fast a backlog drains after an outage (store-and-forward).
 *
 *   node scripts/load.js --run test/load/cdr-delivery/webhook-delivery-benchmark.ts --records 2000 [--outage-s 5] [--keep]
 *
 * Starts the cdr-forwarding app alone in server mode (a fresh PostgreSQL database, Kafka under a run prefix) and an
 * EVSP webhook server in this process, registers the partners by producing the registry's messages, then sends the
 * records with POST /v1/cdrs/batch (500 per call). Phase 1: the EVSP is up; reported: records/s from the first send
 * to the last record at the webhook, and the latency from the batch's send to each record's arrival (p50/p95/p99).
 * Phase 2 (--outage-s > 0): the EVSP answers 503 while as many records again are sent and for at least the outage;
 * then it comes back; reported: the time to drain the backlog and the records/s while draining. Every record must
 * arrive exactly once (de-duplicated by Hub-Record-Id) or the run fails.
 */
import { TOPICS } from '@roaming/contracts';
import { generateApiKey } from '@roaming/platform';
import { createTestDatabase, testKafkaBrokers, uniqueSuffix } from '@roaming/testing';
import { randomBytes, randomUUID } from 'crypto';
import { mkdtempSync } from 'fs';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { loadavg, tmpdir } from 'os';
import { join } from 'path';
import { Client } from 'pg';
import { TestEvspWebhook } from '../../../libs/cdr-forwarding/src/delivery/testing/test-evsp-webhook';
import { Histogram } from '../src/measure/histogram';
import { childProcess } from '../src/measure/resources';
import { startChildApp } from '../src/targets/child-app';

const CPO = 'DEABC';
const EMSP = 'DE8AA';
const EVSE = 'DE*ABC*E1001*1';

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

async function main(): Promise<void> {
  const records = option('records', 2_000);
  const outageS = option('outage-s', 5);
  const prefix = `bench-cdrdel-${uniqueSuffix()}.`;
  const database = await createTestDatabase('bench_cdr_delivery');
  const evsp = await TestEvspWebhook.start();
  const kafka = new Kafka({ clientId: 'bench', brokers: testKafkaBrokers(), logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const cpoKey = generateApiKey();
  const operatorKey = `op_${randomBytes(24).toString('hex')}`;
  const app = await startChildApp(
    'cdr-forwarding',
    {
      MODE: 'server',
      DATABASE_URL: database.url,
      KAFKA_BROKERS: testKafkaBrokers().join(','),
      KAFKA_TOPIC_PREFIX: prefix,
      OPERATOR_API_KEY: operatorKey,
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'json',
      CDR_WEBHOOK_BASE_DELAY_MS: '200',
      CDR_WEBHOOK_MAX_DELAY_MS: '1000',
      CDR_WEBHOOK_POLL_INTERVAL_MS: '50',
    },
    mkdtempSync(join(tmpdir(), 'bench-cdr-delivery-')),
  );
  const db = new Client({ connectionString: database.url });
  await db.connect();
  try {
    const produce = async (topic: string, type: string, data: object) =>
      producer.send({
        topic: prefix + topic,
        acks: -1,
        messages: [
          {
            key: type,
            value: JSON.stringify({ type, schemaVersion: 1, occurredAt: new Date().toISOString(), data }),
            headers: { 'message-id': randomUUID(), type, 'schema-version': '1' },
          },
        ],
      });
    await produce(TOPICS.contractRegistryEvents, 'PartnerRegistered', {
      partnerId: 'cpo',
      name: 'cpo',
      roles: ['cpo'],
      partyIds: [CPO],
    });
    await produce(TOPICS.contractRegistryEvents, 'PartnerCredentialIssued', {
      partnerId: 'cpo',
      keyId: cpoKey.keyId,
      keyHash: cpoKey.keyHash,
      roles: ['cpo'],
      partyIds: [CPO],
    });
    await produce(TOPICS.contractRegistryEvents, 'PartnerRegistered', {
      partnerId: 'emsp',
      name: 'emsp',
      roles: ['emsp'],
      partyIds: [EMSP],
    });
    await produce(TOPICS.contractRegistryEvents, 'PartnerEndpointsChanged', {
      partnerId: 'emsp',
      partyIds: [EMSP],
      roles: ['emsp'],
      webhookUrl: evsp.url,
      authorizationUrl: null,
      commandUrl: null,
      storesContractsAtHub: true,
      authorizationTimeoutMs: null,
    });
    await produce(TOPICS.contractRegistryEvents, 'RoamingAgreementStatusChanged', {
      agreementId: 'agr',
      cpoPartyId: CPO,
      emspPartyId: EMSP,
      status: 'active',
      validFrom: '2026-01-01T00:00:00.000Z',
      validUntil: null,
    });
    await produce(TOPICS.stationManagementEvents, 'SitePublished', {
      site: {
        cpoPartyId: CPO,
        siteId: 'site',
        status: 'PUBLISHED',
        timeZone: 'UTC',
        updatedAt: '2026-01-01T00:00:00.000Z',
        evses: [{ evseId: EVSE, status: 'AVAILABLE', maxPowerW: 50_000 }],
      },
      changedEvseIds: [EVSE],
      withdrawnEvseIds: [],
    });
    const ready = async (sql: string) => {
      for (let i = 0; i < 600; i++) {
        if (((await db.query(sql)).rowCount ?? 0) > 0) return;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`not ready: ${sql}`);
    };
    await ready(`SELECT 1 FROM cdr.registry_partners WHERE partner_id = 'emsp' AND webhook_url IS NOT NULL`);
    await ready(`SELECT 1 FROM cdr.registry_agreements WHERE agreement_id = 'agr'`);
    await ready(`SELECT 1 FROM cdr.partner_credentials WHERE key_id = '${cpoKey.keyId}'`);
    await ready(`SELECT 1 WHERE to_regclass('cdr.evses') IS NULL OR EXISTS (SELECT 1 FROM cdr.evses)`);

    const sentAt = new Map<string, number>();
    const send = async (ids: string[]) => {
      for (let i = 0; i < ids.length; i += 500) {
        const chunk = ids.slice(i, i + 500);
        const at = Date.now();
        chunk.forEach((id) => sentAt.set(`${CPO}:${id}`, at));
        const response = await fetch(`${app.url}/v1/cdrs/batch`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${cpoKey.key}` },
          body: JSON.stringify({
            records: chunk.map((cdrId) => ({
              cdrId,
              evseId: EVSE,
              emaid: 'DE-8AA-001234567-0',
              tokenUid: '04A2B3C4D5E6F7',
              authorizationId: `auth-${cdrId}`,
              startedAt: '2026-03-01T10:00:00Z',
              endedAt: '2026-03-01T11:00:00Z',
              energyWh: 22_000,
              totalCost: { amount: '9.68', currency: 'EUR' },
            })),
          }),
        });
        if (!response.ok)
          throw new Error(`batch answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
      }
    };
    const arrived = new Map<string, number>();
    const watch = () => {
      const seen = new Set(arrived.keys());
      for (const request of evsp.requests) {
        const id = String(request.headers['hub-record-id']);
        if (!seen.has(id) && evsp.accepted.has(id)) {
          arrived.set(id, Date.now());
          seen.add(id);
        }
      }
    };
    const waitAll = async (ids: string[], timeoutMs: number) => {
      const deadline = Date.now() + timeoutMs;
      while (!ids.every((id) => evsp.accepted.has(`${CPO}:${id}`))) {
        if (Date.now() > deadline) {
          const missing = ids.filter((id) => !evsp.accepted.has(`${CPO}:${id}`)).length;
          throw new Error(`${missing} of ${ids.length} records never reached the webhook`);
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    // Arrival times: the server notes 2xx answers; sample them every 20 ms (resolution of the latency figures).
    const sampler = setInterval(watch, 20);
    const appCpu = childProcess('cdr-forwarding', app.pid);

    const phase1 = Array.from({ length: records }, (_, i) => `UP-${i}`);
    const cpu1 = appCpu.read()?.cpuSeconds ?? 0;
    const start1 = Date.now();
    await send(phase1);
    await waitAll(phase1, 600_000);
    watch();
    const took1 = (Date.now() - start1) / 1000;
    const latency = new Histogram();
    for (const id of phase1) latency.record((arrived.get(`${CPO}:${id}`)! - sentAt.get(`${CPO}:${id}`)!) * 1000);
    const l = latency.snapshot();
    const cpuUsed1 = (appCpu.read()?.cpuSeconds ?? 0) - cpu1;
    console.log(
      `phase 1 (EVSP up): ${records} records delivered in ${took1.toFixed(1)} s = ${(records / took1).toFixed(0)} records/s; ` +
        `send→webhook p50 ${(l.p50 / 1000).toFixed(0)} ms, p95 ${(l.p95 / 1000).toFixed(0)} ms, p99 ${(l.p99 / 1000).toFixed(0)} ms; ` +
        `app CPU ${cpuUsed1.toFixed(1)} s (${((cpuUsed1 / records) * 1000).toFixed(2)} ms per record)`,
    );

    if (outageS > 0) {
      evsp.mode = 'unavailable';
      const phase2 = Array.from({ length: records }, (_, i) => `DOWN-${i}`);
      const downAt = Date.now();
      await send(phase2);
      while (Date.now() - downAt < outageS * 1000) await new Promise((r) => setTimeout(r, 50));
      const { rows } = await db.query<{ n: string }>(
        `SELECT count(*)::text AS n FROM cdr.cdr_deliveries WHERE cdr_id LIKE 'DOWN-%' AND state <> 'DELIVERED'`,
      );
      evsp.mode = 'up';
      const upAt = Date.now();
      await waitAll(phase2, 600_000);
      const drain = (Date.now() - upAt) / 1000;
      console.log(
        `phase 2 (EVSP down ${outageS} s while ${records} more were sent; ${rows[0].n} waiting when it came back): ` +
          `backlog drained in ${drain.toFixed(1)} s = ${(records / drain).toFixed(0)} records/s`,
      );
    }
    clearInterval(sampler);
    const duplicates = [...evsp.accepted.values()].filter((n) => n > 1).length;
    console.log(
      `unique records at the EVSP: ${evsp.accepted.size}, accepted more than once: ${duplicates}, ` +
        `requests: ${evsp.requests.length}; load average ${loadavg()
          .map((x) => x.toFixed(2))
          .join(' ')}`,
    );
    if (duplicates > 0) throw new Error('a record was accepted twice by the EVSP');
  } finally {
    await app.stop();
    await db.end();
    await producer.disconnect();
    await evsp.close();
    if (process.argv.includes('--keep')) console.log(`kept database ${database.url}`);
    else await database.drop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
