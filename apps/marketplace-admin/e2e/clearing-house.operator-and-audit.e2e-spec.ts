import type { INestApplication } from '@nestjs/common';
import { TOPICS } from '@roaming/contracts';
import { FORWARDER_PROCESSOR_ID, PUBLISHED_CATEGORIES } from '@roaming/contract-registry';
import { Database, EventStore } from '@roaming/event-store';
import { AuditPublicKey, verifyExport } from '@roaming/event-store/audit';
import { HEADER, MessageBus } from '@roaming/messaging';
import { signedPartnerMessage } from '@roaming/platform';
import { waitFor, waitForProcessor } from '@roaming/testing';
import { randomBytes, randomUUID } from 'crypto';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import request from 'supertest';
import { AppModule } from '../../clearing-house/src/app.module';
import {
  authorize,
  bearer,
  cdrOf,
  type Doors,
  publishWorldSite,
  registerRoamingWorld,
  type RoamingWorld,
} from '../../../test/e2e/support/roaming-charge.scenario';
import { startApp } from '../../../test/e2e/support/server-apps';

/**
 * Issue 8 on the embedded clearing house (`npm start`: every context in one process, PGlite, in-process bus): after
 * a real roaming charge, the operator's views learned from the topics (GeM 1373, 927/1242), dead letters of a
 * partner's Kafka door, the auditor's replay of each aggregate as of a time, verification, anchors and exports.
 */
describe('operator and auditor on the embedded clearing house (GeM 1373, 927/1242, 1491, 1513/1516)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'clearing-house-audit-'));
  const operatorKey = `op_${randomBytes(24).toString('hex')}`;
  let app: INestApplication;
  let doors: Doors;
  let world: RoamingWorld;
  let authorizationId: string;
  let cdrId: string;
  const http = () => request(app.getHttpServer());
  const operator = () => bearer(operatorKey);

  beforeAll(async () => {
    app = await startApp(AppModule, 'Roaming clearing house', {
      MODE: 'embedded',
      DATA_DIR: dataDir,
      OPERATOR_API_KEY: operatorKey,
      LOG_LEVEL: 'error',
    });
    const server = app.getHttpServer();
    doors = {
      registry: server,
      authorization: server,
      cdrs: server,
      operatorKey,
      settleRegistry: () => waitForProcessor(app.get(EventStore), FORWARDER_PROCESSOR_ID, PUBLISHED_CATEGORIES),
    };
    world = await registerRoamingWorld(doors);
    await doors.settleRegistry();
    await publishWorldSite(app.get(MessageBus), world);
    const granted = await authorize(doors, world, world.tokenUid);
    authorizationId = granted.authorizationId;
    await authorize(doors, world, '04BBBBBBBBBBBB');
    const cdr = cdrOf(world, authorizationId);
    cdrId = cdr.cdrId;
    await http().post('/v1/cdrs').set(bearer(world.cpoKey)).send(cdr).expect(201);
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('finds the partners by role and active flag, and suspends one through the registry’s own route (GeM 1373/1380)', async () => {
    const cpos = await waitFor(
      async () => {
        const res = await http()
          .get('/v1/admin/marketplace/partners')
          .query({ role: 'cpo', q: world.cpoParty })
          .set(operator());
        return res.body.items?.length === 1 ? res.body.items : undefined;
      },
      { description: 'the CPO in the operator’s overview' },
    );
    expect(cpos[0]).toMatchObject({ roles: ['cpo'], partyIds: [world.cpoParty], active: true, activeCredentials: 1 });
    await http()
      .post(`/v1/admin/partners/${cpos[0].partnerId}/suspend`)
      .set(operator())
      .send({ reason: 'audit' })
      .expect(200);
    await waitFor(
      async () =>
        (await http().get('/v1/admin/marketplace/partners').query({ active: false, q: world.cpoParty }).set(operator()))
          .body.items?.length === 1,
      { description: 'the suspension in the operator’s overview' },
    );
    await http().post(`/v1/admin/partners/${cpos[0].partnerId}/reactivate`).set(operator()).expect(200);
  });

  it('shows the transaction overview of the EVSP with the forwarded CDR’s value, and exports it as CSV (GeM 927/1242)', async () => {
    const [emsp] = (
      await http().get('/v1/admin/marketplace/partners').query({ q: world.emspParty }).set(operator()).expect(200)
    ).body.items;
    const items = await waitFor(
      async () => {
        const res = await http().get(`/v1/admin/marketplace/partners/${emsp.partnerId}/transactions`).set(operator());
        return res.body.items?.length === 2 ? res.body.items : undefined;
      },
      { description: 'the EVSP’s authorization and CDR in its overview' },
    );
    expect(items.map((t: { kind: string; status: string; role: string }) => [t.kind, t.status, t.role])).toEqual([
      ['authorization', 'ACCEPTED', 'emsp'],
      ['cdr', 'FORWARDED', 'emsp'],
    ]);
    expect(items[1]).toMatchObject({ reference: cdrId, amount: '9.1300', currency: 'EUR', energyWh: 18250 });
    const csv = await http()
      .get(`/v1/admin/marketplace/partners/${emsp.partnerId}/transactions`)
      .query({ format: 'csv', kind: 'cdr', minValue: '5' })
      .set(operator())
      .expect(200);
    expect(csv.text.split('\r\n')[1]).toContain(`,cdr,${cdrId},FORWARDED,emsp,${world.cpoParty},${world.emspParty},`);
  });

  it('parks a malformed CDR from the Kafka door, lets the operator inspect it and discard it with a reason', async () => {
    const messageId = randomUUID();
    // Signed by the CPO, as its producer sends it: parked for what it says, not for who sent it.
    await app.get(MessageBus).publish([
      signedPartnerMessage(
        { apiKey: world.cpoKey, keyId: world.cpoKeyId },
        {
          topic: TOPICS.b2bCdrsInbound,
          key: world.cpoParty,
          value: { cdrId: 42 },
          messageId,
          headers: { [HEADER.type]: 'Cdr' },
        },
      ),
    ]);
    const letter = await waitFor(
      async () =>
        (
          await http().get('/v1/admin/dead-letters').query({ topic: TOPICS.b2bCdrsInbound }).set(operator())
        ).body.items?.find((l: { messageId: string }) => l.messageId === messageId),
      { description: 'the malformed CDR among the dead letters' },
    );
    expect(letter).toMatchObject({
      status: 'parked',
      consumerGroup: expect.stringContaining('cdr'),
      key: world.cpoParty,
    });
    await http()
      .post(`/v1/admin/dead-letters/${letter.letterId}/discard`)
      .set(operator())
      .send({ reason: 'CPO resends it corrected' })
      .expect(200);
  });

  it('replays the agreement, the EV contract, the authorization and the CDR as of now and before they existed', async () => {
    const auditor = operator();
    const streamOf = async (category: string, match: (data: Record<string, unknown>) => boolean) => {
      const page = await http().get('/v1/audit/events').query({ category, limit: 2000 }).set(auditor).expect(200);
      return page.body.items.find((e: { data: Record<string, unknown> }) => match(e.data)).streamName as string;
    };
    const streams = {
      agreement: await streamOf('agreement', (d) => d.agreementId === world.agreementId),
      evContract: await streamOf('evContract', (d) => d.emaid === world.emaid),
      authorization: `authorization-${authorizationId}`,
      cdr: await streamOf('cdr', (d) => d.cdrId === cdrId),
    };
    for (const [category, stream] of Object.entries(streams)) {
      const now = await http().get(`/v1/audit/streams/${stream}/state`).set(auditor).expect(200);
      expect(now.body).toMatchObject({ category, version: expect.any(Number) });
      expect(now.body.version).toBeGreaterThan(0);
      const before = await http()
        .get(`/v1/audit/streams/${stream}/state`)
        .query({ asOf: '2000-01-01T00:00:00Z' })
        .set(auditor)
        .expect(200);
      expect(before.body.version).toBe(0);
    }
    const cdr = await http().get(`/v1/audit/streams/${streams.cdr}/state`).set(auditor).expect(200);
    expect(cdr.body.state).toMatchObject({ status: 'forwarded', emspPartyId: world.emspParty });
    const authorization = await http().get(`/v1/audit/streams/${streams.authorization}/state`).set(auditor).expect(200);
    expect(authorization.body.state).toMatchObject({ status: 'granted', emaid: world.emaid });
  });

  it('rebuilds the authorizations projection into a new version while the authorization stays readable', async () => {
    const read = () =>
      http()
        .get(`/v1/authorizations/${authorizationId}`)
        .set(bearer(world.cpoKey))
        .expect(200)
        .then((r) => r.body);
    const before = await read();
    const started = await http()
      .post('/v1/admin/processors/authz.authorizations:v1/rebuild')
      .set(operator())
      .expect(202);
    expect(started.body.rebuilding).toMatchObject({ version: 2, table: 'authz.authorizations_v2' });
    await waitFor(
      async () => {
        expect(await read()).toEqual(before);
        const status = await http().get('/v1/admin/processors/authz.authorizations:v2').set(operator()).expect(200);
        return status.body.projection.activeVersion === 2 && status.body.lag === 0;
      },
      { description: 'version 2 active and caught up', timeoutMs: 20_000 },
    );
    const db = app.get(Database);
    const table = async (name: string) =>
      (await db.query(`SELECT * FROM ${name} ORDER BY authorization_id`)).rows.map((row) => ({ ...row }));
    expect(await table('authz.authorizations_v2')).toEqual(await table('authz.authorizations'));
    expect(await read()).toEqual(before);
  });

  it('anchors, verifies everything and exports the CDR stream verifiably', async () => {
    const key = AuditPublicKey.parse((await http().get('/v1/audit/anchor-key').expect(200)).body.publicKey);
    await waitFor(
      async () => (await http().post('/v1/admin/anchors').set(operator()).expect(200)).body.anchor !== null,
      { description: 'an anchor' },
    );
    const verified = await http().get('/v1/audit/verification').set(operator()).expect(200);
    expect(verified.body).toMatchObject({ valid: true, anchors: { valid: true, signaturesChecked: true } });
    const stream = (await http().get('/v1/audit/events').query({ category: 'cdr' }).set(operator())).body.items[0]
      .streamName;
    const exported = await http().get(`/v1/audit/exports/streams/${stream}`).set(operator()).expect(200);
    expect(await verifyExport(exported.text.split('\n'), key)).toMatchObject({ valid: true, signature: 'valid' });
    // The processors of every context are visible with their lag.
    const processors = await http().get('/v1/admin/processors').set(operator()).expect(200);
    expect(processors.body.items.map((p: { processorId: string }) => p.processorId)).toEqual(
      expect.arrayContaining([FORWARDER_PROCESSOR_ID, 'ops_clearing_house.dead_letters:v1']),
    );
    expect(app.get(Database).kind).toBe('pglite');
  });
});
