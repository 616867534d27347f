import { FORWARDED_CATEGORIES, AUTHORIZATION_FORWARDER_ID } from '@roaming/authorization';
import { CDR_CATEGORY, CDR_FORWARDER_ID } from '@roaming/cdr-forwarding';
import { FORWARDER_PROCESSOR_ID, PUBLISHED_CATEGORIES } from '@roaming/contract-registry';
import { partnerOutboundTopic, TOPICS } from '@roaming/contracts';
import { rateSession, type RatingResult, sessionFromTotals, type TariffJson } from '@roaming/rating';
import { recordIdOf, recordStream, statementStream } from '@roaming/settlement';
import { Decimal } from '@roaming/shared-kernel';
import { KafkaTestProbe, uniqueSuffix, waitForProcessor } from '@roaming/testing';
import { randomBytes } from 'crypto';
import request from 'supertest';
import { AppModule as AuthorizationApp } from '../../apps/authorization/src/app.module';
import { AppModule as CdrForwardingApp } from '../../apps/cdr-forwarding/src/app.module';
import { AppModule as ContractRegistryApp } from '../../apps/contract-registry/src/app.module';
import { SettlementAppModule } from '../../apps/settlement/src/app.module';
import {
  authorize,
  bearer,
  type Doors,
  hex,
  partnerKafkaMessage,
  registerRoamingWorld,
  type RoamingWorld,
  sitePublishedOf,
} from './support/roaming-charge.scenario';
import { ServerContexts } from './support/server-apps';

/** The CPO's public tariff: what any EVSP roaming with it pays, unless their agreement names another. */
const PUBLIC_TARIFF: TariffJson = {
  currency: 'EUR',
  vatPercent: '19',
  elements: [{ priceComponents: [{ type: 'ENERGY', price: '0.59' }] }],
};

/** The tariff negotiated for this agreement: energy plus parking time in whole minutes (step 60 s), 19 % VAT. */
const TARIFF: TariffJson = {
  currency: 'EUR',
  vatPercent: '19',
  elements: [
    {
      priceComponents: [
        { type: 'ENERGY', price: '0.47' },
        { type: 'PARKING_TIME', price: '0.10', stepSize: 60 },
      ],
    },
  ],
};

/** A month's statement id of an agreement (MONTHLY periods, UTC boundaries; `months` after the one of `at`). */
const monthlyStatementId = (agreementId: string, at: Date, months = 0) => {
  const start = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + months, 1));
  return `${agreementId}+M${start.toISOString().slice(0, 10)}`;
};

const sum = (amounts: string[]) => amounts.reduce((a, b) => a.add(Decimal.parse(b)), Decimal.parse('0'));

/**
 * Issues 5 and 6 "done when", server mode: contract-registry, authorization, cdr-forwarding and settlement deployed
 * as four apps, each on its OWN PostgreSQL database, meeting only on the real Kafka broker (per-run topic prefix).
 * One month of roaming as the CPO, the EVSP, the operator and an auditor live it, over the real doors only (REST
 * and Kafka topics): tariff and agreement at the registry, authorization at the EVSE, CDRs over Kafka and REST,
 * delivery and acknowledgement on the EVSP's topic, pricing from the tariff settlement learnt on Kafka, the close,
 * invoice, CSV and netting, a credit in the next period, and the auditor's re-rating of the closed statement
 * (IEC 63119-2 UC3-1, UC3-5, UC3-9, 6.4.2, 6.4.3; GeM 984).
 */
describe('roaming month through settlement across four apps on PostgreSQL and Kafka (IEC 63119 6.4.3, UC3-9)', () => {
  const prefix = `e2e-${uniqueSuffix()}.`;
  const NEGOTIATED = `ROAMING-${hex(3)}`;
  const operatorKey = `op_${randomBytes(24).toString('hex')}`;
  const operator = bearer(operatorKey);
  const probe = new KafkaTestProbe();
  let contexts: ServerContexts<'registry' | 'authorization' | 'cdrs' | 'settlement'>;
  let doors: Doors;
  let world: RoamingWorld;
  let auditorKey: string;
  let tariffValidFrom: number;
  const http = (name: 'registry' | 'authorization' | 'cdrs' | 'settlement') => request(contexts.get(name).http);

  /** The two sessions of the month, their records and what the hub's rating (libs/rating) makes of them. */
  const sessions: {
    cdr: Record<string, unknown> & { cdrId: string; startedAt: string };
    expected: RatingResult;
  }[] = [];
  let statementId: string;
  let closedTotals: unknown;

  /** What cdr-forwarding accepted so far is on its topic and settlement's pricing consumer has committed it. */
  const settleRecords = async () => {
    await waitForProcessor(contexts.get('cdrs').store, CDR_FORWARDER_ID, [CDR_CATEGORY]);
    await probe.waitForGroupToReach(`${prefix}settlement.records`, prefix + TOPICS.cdrForwardingEvents);
  };

  beforeAll(async () => {
    await probe.connect();
    contexts = await ServerContexts.start(
      [
        ['registry', ContractRegistryApp, 'Contract registry'],
        ['authorization', AuthorizationApp, 'Authorization'],
        ['cdrs', CdrForwardingApp, 'CDR forwarding'],
        ['settlement', SettlementAppModule, 'Settlement'],
      ],
      { prefix, operatorKey },
    );
    doors = {
      registry: contexts.get('registry').http,
      authorization: contexts.get('authorization').http,
      cdrs: contexts.get('cdrs').http,
      operatorKey,
      settleRegistry: async () => {
        // Everything the registry recorded is on its topic (the checkpoint moves after the broker's ack) …
        await waitForProcessor(contexts.get('registry').store, FORWARDER_PROCESSOR_ID, PUBLISHED_CATEGORIES);
        // … and every context's consumer of it (views and credential directories) has committed up to the end.
        const topic = prefix + TOPICS.contractRegistryEvents;
        const ends = await probe.endOffsets(topic);
        for (const group of [
          'authorization.registry-view',
          'cdr-forwarding.registry-view',
          'settlement.registry-view',
          'settlement.partner-directory',
        ]) {
          await probe.waitForGroupToReach(`${prefix}${group}`, topic, ends);
        }
      },
    };
  }, 120_000);

  afterAll(async () => {
    await contexts?.close();
    await probe.close();
  }, 60_000);

  it('1. the operator onboards a CPO, an EVSP and an auditor; the agreement is accepted, the CPO publishes its tariff and EVSE', async () => {
    world = await registerRoamingWorld(doors, { negotiatedTariff: { tariffId: NEGOTIATED, tariff: { ...TARIFF } } });
    const auditor = await http('registry')
      .post('/v1/admin/partners')
      .set(operator)
      .send({ name: 'Audit Firm', roles: ['auditor'], partyIds: [], partnerContractVersion: '2026-01' })
      .expect(201);
    auditorKey = (
      await http('registry').post(`/v1/admin/partners/${auditor.body.partnerId}/credentials`).set(operator).expect(201)
    ).body.apiKey;

    const tariff = await http('registry')
      .post('/v1/tariffs/AC-STD/versions')
      .set(bearer(world.cpoKey))
      .send({ audience: 'public', tariff: PUBLIC_TARIFF })
      .expect(201);
    tariffValidFrom = Date.parse(tariff.body.versions.at(-1).validFrom);

    // The operator states the agreement's settlement terms (monthly, commercial rounding per line).
    await http('settlement')
      .put(`/v1/admin/settlement/agreements/${world.agreementId}/terms`)
      .set(operator)
      .send({ period: 'MONTHLY', rounding: 'HALF_UP', roundingPer: 'line' })
      .expect(200);

    await doors.settleRegistry();
    // The EVSE as station-management would publish it (no station-management app in this run).
    const sites = prefix + TOPICS.stationManagementEvents;
    await probe.produce(sites, [sitePublishedOf(world)]);
    await probe.waitForGroupToReach(`${prefix}cdr-forwarding.evse-view`, sites);
  });

  it('2. grants the token at the EVSE; takes one CDR over Kafka and one over REST; refuses a bad one with every violation', async () => {
    // Two sessions after both tariffs are in force (the public one was published last) (never retroactive): 2 and 1
    // minutes, then parked for a while. They start now, so they end within the 5 minutes cdr-forwarding allows a CPO's
    // clock to be ahead (CDR_IN_FUTURE beyond), and charge no more than the 50 kW EVSE can in that time.
    const shapes = [
      { offsetMs: 1_000, chargingMin: 2, parkingSec: 90, energyWh: 1_525 },
      { offsetMs: 2_000, chargingMin: 1, parkingSec: 60, energyWh: 787 },
    ];
    for (const shape of shapes) {
      const granted = await authorize(doors, world, world.tokenUid);
      expect(granted).toMatchObject({ status: 'ACCEPTED', emspPartyId: world.emspParty, emaid: world.emaid });
      const startedAt = new Date(Math.max(Date.now(), tariffValidFrom + shape.offsetMs));
      const chargingEndedAt = new Date(startedAt.getTime() + shape.chargingMin * 60_000);
      const endedAt = new Date(chargingEndedAt.getTime() + shape.parkingSec * 1000);
      // The hub's rating of that session, computed here from the tariff alone.
      const expected = rateSession(
        TARIFF,
        sessionFromTotals({
          startedAt: startedAt.toISOString(),
          endedAt: endedAt.toISOString(),
          chargingEndedAt: chargingEndedAt.toISOString(),
          energyWh: String(shape.energyWh),
          timeZone: 'Europe/Berlin',
        }),
        { per: 'line' },
      );
      sessions.push({
        expected,
        cdr: {
          cdrId: `CDR-${hex(6)}`,
          evseId: world.evseId,
          emaid: world.emaid,
          tokenUid: world.tokenUid,
          authorizationId: granted.authorizationId,
          startedAt: startedAt.toISOString(),
          endedAt: endedAt.toISOString(),
          chargingDurationSeconds: shape.chargingMin * 60,
          timeZone: 'Europe/Berlin',
          energyWh: shape.energyWh,
          totalCost: { amount: expected.totalInclVat, currency: 'EUR' },
        },
      });
    }
    // cdr-forwarding has heard of both authorizations before the records arrive.
    await waitForProcessor(contexts.get('authorization').store, AUTHORIZATION_FORWARDER_ID, FORWARDED_CATEGORIES);
    await probe.waitForGroupToReach(`${prefix}cdr-forwarding.authorization-view`, prefix + TOPICS.authorizationEvents);

    const [overKafka, overRest] = sessions.map((s) => s.cdr);
    await probe.produce(prefix + TOPICS.b2bCdrsInbound, [
      partnerKafkaMessage(world, 'cpo', TOPICS.b2bCdrsInbound, JSON.stringify(overKafka), { type: 'Cdr' }),
    ]);
    const accepted = await http('cdrs').post('/v1/cdrs').set(bearer(world.cpoKey)).send(overRest).expect(201);
    expect(accepted.body).toEqual({ cdrId: overRest.cdrId, status: 'FORWARDED', emspPartyId: world.emspParty });
    await probe.waitForGroupToReach(`${prefix}cdr-forwarding.inbound`, prefix + TOPICS.b2bCdrsInbound);
    const viaKafka = await http('cdrs')
      .get(`/v1/cdrs/${overKafka.cdrId}`)
      .query({ cpoPartyId: world.cpoParty })
      .set(bearer(world.cpoKey))
      .expect(200);
    expect(viaKafka.body).toMatchObject({ status: 'FORWARDED', energyWh: overKafka.energyWh });
    // cdr-forwarding's own price check rated both under the agreement's negotiated tariff, as the CPO priced them.
    for (const { cdr, expected } of sessions) {
      const details = await http('cdrs')
        .get(`/v1/cdrs/${cdr.cdrId}`)
        .query({ cpoPartyId: world.cpoParty })
        .set(bearer(world.cpoKey))
        .expect(200);
      expect(details.body.priceCheck).toMatchObject({ status: 'MATCHED', basis: 'NEGOTIATED', tariffId: NEGOTIATED });
      expect(Decimal.parse(details.body.priceCheck.hubTotal.amount).equals(Decimal.parse(expected.totalInclVat))).toBe(
        true,
      );
    }

    // A record that breaks several rules at once: every violation in one answer, and nothing forwarded.
    const bad = {
      ...overRest,
      cdrId: `CDR-${hex(6)}`,
      authorizationId: undefined,
      evseId: `${world.cpoParty.slice(0, 2)}*${world.cpoParty.slice(2)}*E9999*1`,
      endedAt: new Date(Date.parse(overRest.startedAt) - 60_000).toISOString(),
      chargingDurationSeconds: undefined,
      totalCost: { amount: '-1.00', currency: 'EUR' },
    };
    const refused = await http('cdrs').post('/v1/cdrs').set(bearer(world.cpoKey)).send(bad).expect(422);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(refused.body.violations.map((v: { code: string }) => v.code)).toEqual(
      expect.arrayContaining(['CDR_UNKNOWN_EVSE', 'CDR_END_BEFORE_START', 'CDR_NEGATIVE_COST']),
    );
    const rejected = await http('cdrs')
      .get(`/v1/cdrs/${bad.cdrId}`)
      .query({ cpoPartyId: world.cpoParty })
      .set(bearer(world.cpoKey))
      .expect(200);
    expect(rejected.body).toMatchObject({ status: 'REJECTED' });
    // The CPO also gets the rejection, with every violation, on its own outbound topic.
    const receipt = await probe.waitForMessage(prefix + partnerOutboundTopic(world.cpoParty), (m) => {
      const body = JSON.parse(m.value);
      return body.type === 'CdrRejected' && body.data.cdrId === bad.cdrId ? body : undefined;
    });
    expect(receipt.data.violations).toHaveLength(refused.body.violations.length);
  });

  it('3. the EVSP receives both records on its outbound topic and acknowledges them (REST and Kafka)', async () => {
    const outbound = prefix + partnerOutboundTopic(world.emspParty);
    for (const { cdr } of sessions) {
      const pushed = await probe.waitForMessage(outbound, (m) => {
        const body = JSON.parse(m.value);
        return body.type === 'CdrForwarded' && body.data.cdrId === cdr.cdrId ? body : undefined;
      });
      expect(pushed.data).toMatchObject({ emspPartyId: world.emspParty, cpoPartyId: world.cpoParty });
    }
    const [first, second] = sessions.map((s) => s.cdr);
    await http('cdrs')
      .post(`/v1/cdrs/${world.cpoParty}/${first.cdrId}/acknowledgement`)
      .set(bearer(world.emspKey))
      .expect(200);
    await probe.produce(prefix + TOPICS.b2bCdrAcksInbound, [
      partnerKafkaMessage(
        world,
        'emsp',
        TOPICS.b2bCdrAcksInbound,
        JSON.stringify({ cpoPartyId: world.cpoParty, cdrId: second.cdrId }),
        { type: 'CdrAcknowledged' },
      ),
    ]);
    await probe.waitForGroupToReach(`${prefix}cdr-forwarding.acks`, prefix + TOPICS.b2bCdrAcksInbound);
    for (const cdr of [first, second]) {
      const details = await http('cdrs')
        .get(`/v1/cdrs/${cdr.cdrId}`)
        .query({ cpoPartyId: world.cpoParty })
        .set(bearer(world.cpoKey))
        .expect(200);
      expect(details.body.delivery).toMatchObject({ acknowledgedAt: expect.any(String) });
    }
  });

  it('4. settlement prices both from the tariff it learnt on Kafka; the period closes to the hub’s rating, is invoiced to both and nets to zero', async () => {
    await settleRecords();
    statementId = monthlyStatementId(world.agreementId, new Date(sessions[0].cdr.startedAt));
    const open = await http('settlement').get(`/v1/statements/${statementId}`).set(bearer(world.emspKey)).expect(200);
    expect(open.body.status).toBe('OPEN');
    expect(open.body.lines).toHaveLength(2);
    for (const { cdr, expected } of sessions) {
      expect(open.body.lines).toContainEqual(
        expect.objectContaining({
          cdrId: cdr.cdrId,
          kind: 'RECORD',
          amountExclVat: expected.totalExclVat,
          vat: expected.totalVat,
          amountInclVat: expected.totalInclVat,
        }),
      );
    }

    // Nothing was parked: every accepted record found its agreement and tariff.
    const parked = await http('settlement').get('/v1/admin/settlement/parked-records').set(operator).expect(200);
    expect(parked.body.items).toEqual([]);

    const total = (k: 'totalExclVat' | 'totalVat' | 'totalInclVat') =>
      sum(sessions.map((s) => s.expected[k]))
        .withMinScale(2)
        .toString();
    const closed = await http('settlement')
      .post(`/v1/admin/settlement/statements/${statementId}/close`)
      .set(operator)
      .expect(200);
    expect(closed.body).toMatchObject({
      status: 'CLOSED',
      totals: [
        {
          currency: 'EUR',
          records: 2,
          credits: 0,
          amountExclVat: total('totalExclVat'),
          vat: total('totalVat'),
          amountInclVat: total('totalInclVat'),
        },
      ],
    });
    closedTotals = closed.body.totals;

    const invoice = await http('settlement')
      .post(`/v1/admin/settlement/statements/${statementId}/invoice`)
      .set(operator)
      .expect(201);
    expect(invoice.body).toMatchObject({ issuerPartyId: world.cpoParty, recipientPartyId: world.emspParty });
    for (const party of [world.cpoParty, world.emspParty]) {
      const delivered = await probe.waitForMessage(prefix + partnerOutboundTopic(party), (m) => {
        const body = JSON.parse(m.value);
        return body.type === 'InvoiceIssued' && body.data.invoiceNumber === invoice.body.invoiceNumber
          ? body
          : undefined;
      });
      expect(delivered.data).toMatchObject({ statementId });
    }

    const csv = await http('settlement')
      .get(`/v1/invoices/${invoice.body.invoiceNumber}?format=csv`)
      .set(bearer(world.emspKey))
      .expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const [header, ...rows] = csv.text.trim().split('\r\n');
    expect(header.split(',').at(-1)).toMatch(/incl/i);
    expect(rows).toHaveLength(2);
    for (const { cdr } of sessions) expect(csv.text).toContain(cdr.cdrId);
    expect(
      sum(rows.map((r) => r.split(',').at(-1) as string))
        .withMinScale(2)
        .toString(),
    ).toBe(total('totalInclVat'));

    const netting = await http('settlement').get('/v1/admin/settlement/netting?currency=EUR').set(operator).expect(200);
    expect(netting.body.verification).toEqual({ ok: true });
    const positions: { partyId: string; net: string }[] = netting.body.result.currencies[0].positions;
    expect(positions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ partyId: world.cpoParty, net: total('totalInclVat') }),
        expect.objectContaining({ partyId: world.emspParty, net: `-${total('totalInclVat')}` }),
      ]),
    );
    expect(sum(positions.map((p) => p.net)).isZero()).toBe(true);
  });

  it('5. a credit record goes through cdr-forwarding into the next period (the closed one stays as it was); the auditor re-rates it identically', async () => {
    const [{ cdr: credited, expected }] = sessions;
    const credit = {
      ...credited,
      cdrId: `CDR-${hex(6)}`,
      creditOf: credited.cdrId,
      totalCost: { amount: `-${expected.totalInclVat}`, currency: 'EUR' },
    };
    await http('cdrs').post('/v1/cdrs').set(bearer(world.cpoKey)).send(credit).expect(201);
    await probe.waitForMessage(prefix + partnerOutboundTopic(world.emspParty), (m) => {
      const body = JSON.parse(m.value);
      return body.type === 'CdrForwarded' && body.data.cdrId === credit.cdrId ? body : undefined;
    });
    await settleRecords();

    const next = monthlyStatementId(world.agreementId, new Date(credited.startedAt), 1);
    const late = await http('settlement').get(`/v1/statements/${next}`).set(bearer(world.cpoKey)).expect(200);
    expect(late.body.status).toBe('OPEN');
    expect(late.body.lines).toEqual([
      expect.objectContaining({
        // The credit record's line (its cdrId field repeats the credited record's id, like `reference`).
        recordId: `${world.cpoParty}+${credit.cdrId}`,
        kind: 'CREDIT',
        reference: credited.cdrId,
        homeStatementId: statementId,
        amountExclVat: `-${expected.totalExclVat}`,
        vat: `-${expected.totalVat}`,
        amountInclVat: `-${expected.totalInclVat}`,
      }),
    ]);

    // The closed statement is immutable: same lines and totals, and it cannot be closed again.
    const first = await http('settlement').get(`/v1/statements/${statementId}`).set(bearer(world.emspKey)).expect(200);
    expect(first.body).toMatchObject({ status: 'CLOSED', totals: closedTotals });
    expect(first.body.lines).toHaveLength(2);
    expect((await http('settlement').get('/v1/admin/settlement/parked-records').set(operator)).body.items).toEqual([]);
    const again = await http('settlement')
      .post(`/v1/admin/settlement/statements/${statementId}/close`)
      .set(operator)
      .expect(409);
    expect(again.body.code).toBe('STATEMENT_CLOSED');

    // The auditor re-runs rating of the closed statement from the record streams alone: the identical result.
    const rerating = await http('settlement')
      .get(`/v1/audit/settlement/statements/${statementId}/rerating`)
      .set(bearer(auditorKey))
      .expect(200);
    expect(rerating.body).toMatchObject({
      statementId,
      status: 'CLOSED',
      match: true,
      closed: { totalsMatch: true, digestMatch: true },
    });
    expect(rerating.body.lines).toHaveLength(2);
    for (const line of rerating.body.lines) {
      expect(line).toMatchObject({ match: true });
      expect(line.recomputed).toEqual(line.stored);
    }
    // Totals (amounts and line counts) and the lines' digest recomputed from the re-rated lines equal the closed ones.
    const { stored, recomputed } = rerating.body.closed;
    expect(recomputed.digest).toBe(stored.digest);
    const amounts = (totals: Record<string, unknown>[]) =>
      totals.map(({ currency, records, credits, amountExclVat, vat, amountInclVat }) => ({
        currency,
        records,
        credits,
        amountExclVat,
        vat,
        amountInclVat,
      }));
    expect(amounts(recomputed.totals)).toEqual(amounts(stored.totals));
    expect(amounts(stored.totals)).toEqual(amounts(closedTotals as Record<string, unknown>[]));
    // The history behind it, in settlement's own event store: hash chains intact, the credited record marked once.
    const settlementStore = contexts.get('settlement').store;
    const creditedStream = recordStream(recordIdOf(world.cpoParty, credited.cdrId));
    expect((await settlementStore.readStream(creditedStream)).map((e) => e.type)).toEqual([
      'RecordPriced',
      'RecordCredited',
    ]);
    for (const stream of [creditedStream, statementStream(statementId)]) {
      expect(await settlementStore.verifyStream(stream)).toMatchObject({ valid: true });
    }
    // Auditors read; they do not close.
    await http('settlement').post(`/v1/admin/settlement/statements/${next}/close`).set(bearer(auditorKey)).expect(403);
  });
});
