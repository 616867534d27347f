import { AppModule as AuthorizationApp } from '../../apps/authorization/src/app.module';
import { AppModule as CdrForwardingApp } from '../../apps/cdr-forwarding/src/app.module';
import { AppModule as ContractRegistryApp } from '../../apps/contract-registry/src/app.module';
import { TOPICS, partnerOutboundTopic } from '@roaming/contracts';
import { FORWARDER_PROCESSOR_ID, PUBLISHED_CATEGORIES } from '@roaming/contract-registry';
import { KafkaTestProbe, uniqueSuffix, waitFor, waitForProcessor } from '@roaming/testing';
import { randomBytes } from 'crypto';
import request from 'supertest';
import {
  authorize,
  bearer,
  cdrOf,
  type Doors,
  partnerKafkaMessage,
  registerRoamingWorld,
  type RoamingWorld,
  sitePublishedOf,
} from './support/roaming-charge.scenario';
import { type ServerContext, ServerContexts } from './support/server-apps';

/**
 * One roaming charge across three separately deployed contexts (ARCHITECTURE.md §2): contract-registry,
 * authorization and cdr-forwarding, each with its OWN PostgreSQL database, meeting only on the real Kafka broker.
 * Topics and consumer groups carry a per-run prefix so that runs never read each other's messages.
 */
describe('roaming charge across three apps on PostgreSQL and Kafka (IEC 63119-2 UC3-1, UC3-9)', () => {
  const prefix = `e2e-${uniqueSuffix()}.`;
  const operatorKey = `op_${randomBytes(24).toString('hex')}`;
  let contexts: ServerContexts<'registry' | 'authorization' | 'cdrs'>;
  const stores = {} as Record<'registry' | 'authorization' | 'cdrs', ServerContext>;
  const probe = new KafkaTestProbe();
  let doors: Doors;
  let world: RoamingWorld;

  beforeAll(async () => {
    await probe.connect();
    contexts = await ServerContexts.start(
      [
        ['registry', ContractRegistryApp, 'Contract registry'],
        ['authorization', AuthorizationApp, 'Authorization'],
        ['cdrs', CdrForwardingApp, 'CDR forwarding'],
      ],
      { prefix, operatorKey },
    );
    for (const name of ['registry', 'authorization', 'cdrs'] as const) stores[name] = contexts.get(name);
    doors = {
      registry: stores.registry.http,
      authorization: stores.authorization.http,
      cdrs: stores.cdrs.http,
      operatorKey,
      settleRegistry: async () => {
        // The registry's forwarder has published everything (checkpoint moves only after the broker's ack) …
        await waitForProcessor(stores.registry.store, FORWARDER_PROCESSOR_ID, PUBLISHED_CATEGORIES);
        // … and both consumers have committed offsets up to the end of the topic.
        const topic = prefix + TOPICS.contractRegistryEvents;
        const ends = await probe.endOffsets(topic);
        await probe.waitForGroupToReach(`${prefix}authorization.registry-view`, topic, ends);
        await probe.waitForGroupToReach(`${prefix}cdr-forwarding.registry-view`, topic, ends);
      },
    };
  }, 120_000);

  afterAll(async () => {
    await contexts?.close();
    await probe.close();
  }, 60_000);

  it('registers the partners, the agreement and the EV contract in the registry', async () => {
    world = await registerRoamingWorld(doors);
    await doors.settleRegistry();
    // The EVSE as station-management would publish it (no station-management app in this run).
    const sites = prefix + TOPICS.stationManagementEvents;
    await probe.produce(sites, [sitePublishedOf(world)]);
    await probe.waitForGroupToReach(`${prefix}cdr-forwarding.evse-view`, sites);
  });

  it('grants the token at an EVSE of the CPO, from the authorization context’s own view', async () => {
    const granted = await authorize(doors, world, world.tokenUid);
    expect(granted).toMatchObject({ status: 'ACCEPTED', emspPartyId: world.emspParty, emaid: world.emaid });
    const denied = await authorize(doors, world, '04FFFFFFFFFFFF');
    expect(denied).toMatchObject({ status: 'DENIED', reason: 'UNKNOWN_TOKEN' });
    // Both decisions are events of the authorization context, each in a verifiable hash chain.
    const events = await stores.authorization.store.readStream(`authorization-${granted.authorizationId}`);
    expect(events.map((e) => e.type)).toEqual(['AuthorizationGranted']);
    expect(await stores.authorization.store.verifyStream(`authorization-${granted.authorizationId}`)).toMatchObject({
      valid: true,
    });
    await request(doors.authorization)
      .get(`/v1/authorizations/${granted.authorizationId}`)
      .set(bearer(world.emspKey))
      .expect(200);
  });

  it('forwards the CDR to the home EVSP, which fetches it and receives it on its Kafka topic', async () => {
    const granted = await authorize(doors, world, world.tokenUid);
    const cdr = cdrOf(world, granted.authorizationId);
    const accepted = await request(doors.cdrs).post('/v1/cdrs').set(bearer(world.cpoKey)).send(cdr).expect(201);
    expect(accepted.body).toEqual({ cdrId: cdr.cdrId, status: 'FORWARDED', emspPartyId: world.emspParty });
    // Sent again (a CPO retry): the same answer, nothing new.
    await request(doors.cdrs).post('/v1/cdrs').set(bearer(world.cpoKey)).send(cdr).expect(200);

    const page = await waitFor(
      async () => {
        const res = await request(doors.cdrs).get('/v1/cdrs').set(bearer(world.emspKey)).expect(200);
        return res.body.items.length > 0 ? res.body : undefined;
      },
      { timeoutMs: 30_000, description: 'the EVSP to see its forwarded CDR' },
    );
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({
      cdrId: cdr.cdrId,
      cpoPartyId: world.cpoParty,
      emaid: world.emaid,
      energyWh: 18_250,
    });
    expect(page.items[0].totalCost).toEqual({ amount: '9.1300', currency: 'EUR' });

    const pushed = await probe.waitForMessage(prefix + partnerOutboundTopic(world.emspParty), (m) => {
      const body = JSON.parse(m.value);
      return body.type === 'CdrForwarded' && body.data.cdrId === cdr.cdrId ? { body, headers: m.headers } : undefined;
    });
    expect(pushed.body.data).toMatchObject({ emspPartyId: world.emspParty, evseId: world.evseId });
    expect(pushed.headers['message-id']).toBeTruthy();
  });

  it('takes CDRs from the CPO on Kafka and dead-letters a malformed one without blocking the partition', async () => {
    const granted = await authorize(doors, world, world.tokenUid);
    const good = cdrOf(world, granted.authorizationId);
    const inbound = prefix + TOPICS.b2bCdrsInbound;
    const malformed = partnerKafkaMessage(world, 'cpo', TOPICS.b2bCdrsInbound, '{ this is not json', { type: 'Cdr' });
    // Not signed by the CPO: an EVSP-looking producer's record, or one with no proof at all, is parked and changes nothing.
    const forged = cdrOf(world, granted.authorizationId, `FORGED-${crypto.randomUUID().slice(0, 8)}`);
    const unsigned = {
      key: world.cpoParty,
      value: JSON.stringify(forged),
      headers: { 'message-id': crypto.randomUUID(), type: 'Cdr' },
    };
    const byTheEvsp = {
      ...partnerKafkaMessage(world, 'emsp', TOPICS.b2bCdrsInbound, JSON.stringify(forged)),
      key: world.cpoParty,
    };
    await probe.produce(inbound, [
      malformed,
      unsigned,
      byTheEvsp,
      partnerKafkaMessage(world, 'cpo', TOPICS.b2bCdrsInbound, JSON.stringify(good), { type: 'Cdr' }),
    ]);
    const deadLetter = (message: { headers: Record<string, string> }) =>
      probe.waitForMessage(`${inbound}.dlq`, (m) =>
        m.headers['message-id'] === message.headers['message-id'] ? m : undefined,
      );
    expect((await deadLetter(malformed)).headers.error).toMatch(/JSON/);
    expect((await deadLetter(unsigned)).headers.error).toMatch(/^UNAUTHENTICATED: /);
    // The EVSP's signature does not cover the key it was re-keyed to.
    expect((await deadLetter(byTheEvsp)).headers.error).toMatch(/^UNAUTHENTICATED: /);
    await waitFor(
      async () => {
        const res = await request(doors.cdrs)
          .get(`/v1/cdrs/${good.cdrId}`)
          .query({ cpoPartyId: world.cpoParty })
          .set(bearer(world.emspKey));
        return res.status === 200 ? res.body : undefined;
      },
      { timeoutMs: 30_000, description: 'the CDR sent on Kafka to reach the EVSP' },
    );
    await request(doors.cdrs)
      .get(`/v1/cdrs/${forged.cdrId}`)
      .query({ cpoPartyId: world.cpoParty })
      .set(bearer(world.cpoKey))
      .expect(404);
  });

  it('refuses bad input with problem+json naming the rule, and records nothing', async () => {
    // Every call leaves an HTTP trace (an audit record of the call, not a change of state): count the rest.
    const before = await stores.registry.db.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM es.events WHERE category <> 'httpTrace'`,
    );
    const bad = await request(doors.registry)
      .post('/v1/contracts')
      .set(bearer(world.emspKey))
      .send({
        emaid: `${world.emaid.slice(0, -1)}${world.emaid.endsWith('A') ? 'B' : 'A'}`,
        tokens: [{ uid: '04AABBCCDD', type: 'RFID' }],
      })
      .expect(400);
    expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(bad.body).toMatchObject({ status: 400, code: 'EMAID_CHECK_DIGIT' });
    const unknownParty = await request(doors.registry)
      .post('/v1/agreements')
      .set(bearer(world.cpoKey))
      .send({ cpoPartyId: world.cpoParty, emspPartyId: 'DEZZ9', validFrom: new Date().toISOString() });
    expect(unknownParty.status).toBe(404);
    const after = await stores.registry.db.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM es.events WHERE category <> 'httpTrace'`,
    );
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });

  it('blocks the token in the registry and the authorization context refuses it after the event arrives', async () => {
    await request(doors.registry)
      .post(`/v1/contracts/${world.emaid}/tokens/${world.tokenUid}/block`)
      .set(bearer(world.emspKey))
      .expect(200);
    await doors.settleRegistry();
    expect(await authorize(doors, world, world.tokenUid)).toMatchObject({ status: 'DENIED', reason: 'TOKEN_BLOCKED' });
  });
});
