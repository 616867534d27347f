import { partnerOutboundTopic } from '@roaming/contracts';
import { waitFor, waitForProcessor } from '@roaming/testing';
import { EventStore, type RecordedEvent } from '@roaming/event-store';
import type { InboundMessage } from '@roaming/messaging';
import { Emaid } from '@roaming/shared-kernel';
import request from 'supertest';
import { DEADLINES_PROCESSOR_ID, DeadlinesProcessManager } from '../../process-managers/deadlines.process-manager';
import { AuthorizationApiFixture } from '../../testing/authorization-api.fixture';
import { TestPartnerEndpoint } from '../../testing/test-partner-endpoint';
import { REMOTE_COMMAND_CATEGORY } from '../domain';
import { SESSION_CATEGORY } from '../../session/domain';

const EMAID = 'DE8AACA2B3C4D5L';
/** A contract whose only card its EVSP blocked (normalised with its check digit, as the registry publishes it). */
const BLOCKED_EMAID = Emaid.parse('DE8AAC99999999').value;

/**
 * IEC 63119-2 UC3-2 (start charging remotely from the home CSP) and UC3-4 (stop via the home CSP); eMI3 UCE AA
 * ext. 1.2.x / 2.2.x: EVSP → hub → CPO (its webhook and its Kafka topic), and the CPO's answer, or its silence, back.
 */
describe('remote start and stop from the home EVSP (IEC 63119-2 UC3-2, UC3-4)', () => {
  let api: AuthorizationApiFixture;
  let webhook: TestPartnerEndpoint;
  let emspKey: string;
  let otherEmspKey: string;
  let webhookCpoKey: string;
  let kafkaCpoKey: string;
  let toWebhookCpo: InboundMessage[];
  let toKafkaCpo: InboundMessage[];
  let toEmsp: InboundMessage[];

  beforeAll(async () => {
    webhook = await TestPartnerEndpoint.start('/commands');
    api = await AuthorizationApiFixture.start(undefined, { commandTimeoutMs: 60_000 });
    toWebhookCpo = await api.observe([partnerOutboundTopic('DEABC')]);
    toKafkaCpo = await api.observe([partnerOutboundTopic('NLEVB')]);
    toEmsp = await api.observe([partnerOutboundTopic('DE8AA')]);
    webhookCpoKey = await api.partnerWithKey('cpo-1', ['cpo'], ['DEABC']);
    kafkaCpoKey = await api.partnerWithKey('cpo-2', ['cpo'], ['NLEVB']);
    emspKey = await api.partnerWithKey('emsp-1', ['emsp'], ['DE8AA']);
    otherEmspKey = await api.partnerWithKey('emsp-2', ['emsp'], ['FRXYZ']);
    await api.endpoints('cpo-1', { commandUrl: webhook.url });
    await api.agreement('agreement-1', 'DEABC', 'DE8AA');
    await api.agreement('agreement-2', 'NLEVB', 'DE8AA');
    await api.token('04A2B3C4D5E6F7', EMAID, 'DE8AA');
    await api.token('04BB00BB', BLOCKED_EMAID, 'DE8AA', 'blocked');
  });

  afterAll(async () => {
    await api?.close();
    await webhook?.close();
  });

  const start = (key: string, body: object, idempotencyKey?: string) => {
    const req = request(api.server).post('/v1/commands/start-session').set('Authorization', `Bearer ${key}`);
    if (idempotencyKey) req.set('Idempotency-Key', idempotencyKey);
    return req.send(body);
  };
  const respond = (key: string, commandId: string, body: object) =>
    request(api.server).post(`/v1/commands/${commandId}/response`).set('Authorization', `Bearer ${key}`).send(body);
  const getCommand = (key: string, commandId: string) =>
    request(api.server).get(`/v1/commands/${commandId}`).set('Authorization', `Bearer ${key}`);
  const commandEvents = async (commandId: string): Promise<RecordedEvent[]> =>
    api.app.get(EventStore).readStream(`${REMOTE_COMMAND_CATEGORY}-${commandId}`);

  it('UC3-2: authorizes the start, relays it to the CPO on its topic, and tells the EVSP the CPO accepted', async () => {
    const res = await start(emspKey, { evseId: 'NL*EVB*E7', emaid: 'de-8aa-ca2b3c4d5-l' });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({
      kind: 'START_SESSION',
      status: 'REQUESTED',
      evseId: 'NL*EVB*E7',
      cpoPartyId: 'NLEVB',
      emspPartyId: 'DE8AA',
      emaid: EMAID,
      authorizationId: expect.any(String),
      respondBy: '2026-03-01T10:01:00.000Z',
    });
    const { commandId, authorizationId } = res.body;
    const relayed = await api.awaitPublished<{ commandId: string }>(
      toKafkaCpo,
      'RemoteStartSession',
      (d) => d.commandId === commandId,
    );
    expect(relayed.data).toEqual({
      commandId,
      evseId: 'NL*EVB*E7',
      emaid: EMAID,
      authorizationId,
      respondBy: '2026-03-01T10:01:00.000Z',
    });
    // The start is an authorization like any other, decided for the EVSP that asked.
    const authorization = await waitFor(
      async () => {
        const r = await request(api.server)
          .get(`/v1/authorizations/${authorizationId}`)
          .set('Authorization', `Bearer ${kafkaCpoKey}`);
        return r.status === 200 ? r.body : undefined;
      },
      { description: 'the remote start authorization read back' },
    );
    expect(authorization).toMatchObject({ status: 'ACCEPTED', method: 'REMOTE', decidedBy: 'emsp' });

    const accepted = await respond(kafkaCpoKey, commandId, { result: 'ACCEPTED' });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ status: 'ACCEPTED', closedAt: '2026-03-01T10:00:00.000Z' });
    const told = await api.awaitPublished<{ commandId: string }>(
      toEmsp,
      'RemoteCommandResult',
      (d) => d.commandId === commandId,
    );
    expect(told.data).toEqual({
      commandId,
      kind: 'START_SESSION',
      status: 'ACCEPTED',
      reason: null,
      evseId: 'NL*EVB*E7',
      authorizationId,
      sessionId: null,
    });
    expect((await getCommand(emspKey, commandId)).body.status).toBe('ACCEPTED');
    expect((await getCommand(kafkaCpoKey, commandId)).body.status).toBe('ACCEPTED');
    // Neither another EVSP nor another CPO learns anything about it.
    expect((await getCommand(otherEmspKey, commandId)).status).toBe(404);
    expect((await getCommand(webhookCpoKey, commandId)).status).toBe(404);
    // The same answer again is harmless; a contradicting one is refused and changes nothing.
    expect((await respond(kafkaCpoKey, commandId, { result: 'ACCEPTED' })).status).toBe(200);
    const contradicting = await respond(kafkaCpoKey, commandId, { result: 'REJECTED' });
    expect(contradicting.status).toBe(409);
    expect(contradicting.body.code).toBe('REMOTE_COMMAND_CLOSED');
    expect((await commandEvents(commandId)).map((e) => e.type)).toEqual([
      'RemoteStartRequested',
      'RemoteCommandAccepted',
    ]);
  });

  it("UC3-2: relays the start to the CPO's webhook too, and takes its synchronous answer", async () => {
    webhook.behave({ kind: 'answer', body: { result: 'ACCEPTED' } });
    const res = await start(emspKey, { evseId: 'DE*ABC*E1', emaid: EMAID });
    const { commandId } = res.body;
    const accepted = await waitFor(
      async () => {
        const r = await getCommand(emspKey, commandId);
        return r.body.status === 'ACCEPTED' ? r.body : undefined;
      },
      { description: 'the webhook answer recorded' },
    );
    expect(accepted).toMatchObject({ status: 'ACCEPTED' });
    expect(webhook.requests.map((r) => r.body)).toContainEqual({
      commandId,
      kind: 'START_SESSION',
      evseId: 'DE*ABC*E1',
      emaid: EMAID,
      authorizationId: res.body.authorizationId,
      respondBy: res.body.respondBy,
    });
    // The Kafka copy goes out all the same: the channel that never loses a command.
    await api.awaitPublished<{ commandId: string }>(
      toWebhookCpo,
      'RemoteStartSession',
      (d) => d.commandId === commandId,
    );
  });

  it('UC3-2: a CPO that rejects: the EVSP hears REJECTED with the reason', async () => {
    const { commandId } = (await start(emspKey, { evseId: 'NL*EVB*E8', emaid: EMAID })).body;
    const rejected = await respond(kafkaCpoKey, commandId, { result: 'REJECTED', reason: 'EVSE_OCCUPIED' });
    expect(rejected.body).toMatchObject({ status: 'REJECTED', reason: 'EVSE_OCCUPIED' });
    const told = await api.awaitPublished<{ commandId: string }>(
      toEmsp,
      'RemoteCommandResult',
      (d) => d.commandId === commandId,
    );
    expect(told.data).toMatchObject({ status: 'REJECTED', reason: 'EVSE_OCCUPIED' });
  });

  it('UC3-2: a CPO that stays silent: the command times out on the hub clock, checkpointed, and a late answer is refused', async () => {
    const { commandId } = (await start(emspKey, { evseId: 'NL*EVB*E9', emaid: EMAID })).body;
    const deadlines = api.app.get(DeadlinesProcessManager);
    await waitForProcessor(api.app.get(EventStore), DEADLINES_PROCESSOR_ID, [
      REMOTE_COMMAND_CATEGORY,
      SESSION_CATEGORY,
    ]);
    api.clock.advance(59_999);
    await deadlines.tick();
    expect((await getCommand(emspKey, commandId)).body.status).toBe('REQUESTED');
    api.clock.advance(1);
    await deadlines.tick();
    const timedOut = await getCommand(emspKey, commandId);
    expect(timedOut.body).toMatchObject({ status: 'TIMED_OUT', closedAt: '2026-03-01T10:01:00.000Z' });
    const told = await api.awaitPublished<{ commandId: string }>(
      toEmsp,
      'RemoteCommandResult',
      (d) => d.commandId === commandId,
    );
    expect(told.data).toMatchObject({ status: 'TIMED_OUT' });
    const late = await respond(kafkaCpoKey, commandId, { result: 'ACCEPTED' });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('REMOTE_COMMAND_CLOSED');
    // Firing the same deadline again changes nothing.
    await deadlines.tick();
    expect((await commandEvents(commandId)).map((e) => e.type)).toEqual([
      'RemoteStartRequested',
      'RemoteCommandTimedOut',
    ]);
    api.clock.set('2026-03-01T10:00:00.000Z');
  });

  it('refuses at once, without relaying, a start the hub does not authorize (blocked contract, no agreement)', async () => {
    const blocked = await start(emspKey, { evseId: 'NL*EVB*E1', emaid: BLOCKED_EMAID });
    expect(blocked.status).toBe(202);
    expect(blocked.body).toMatchObject({ status: 'REFUSED', reason: 'TOKEN_BLOCKED' });
    const noAgreement = await start(emspKey, { evseId: 'FR*ZZZ*E1', emaid: EMAID });
    expect(noAgreement.body).toMatchObject({ status: 'REFUSED', reason: 'NO_ROAMING_AGREEMENT' });
    const told = await api.awaitPublished<{ commandId: string }>(
      toEmsp,
      'RemoteCommandResult',
      (d) => d.commandId === blocked.body.commandId,
    );
    expect(told.data).toMatchObject({ status: 'REFUSED', reason: 'TOKEN_BLOCKED' });
    const relayed = toKafkaCpo.map((m) => JSON.parse(m.rawValue).data.commandId);
    expect(relayed).not.toContain(blocked.body.commandId);
  });

  it('403 CONTRACT_NOT_OWNED for another provider’s contract, 400 for a malformed one, nothing recorded', async () => {
    const before = await api.eventCount();
    const foreign = await start(emspKey, { evseId: 'NL*EVB*E1', emaid: 'FRXYZC12345678R' });
    expect(foreign.status).toBe(403);
    expect(foreign.body.code).toBe('CONTRACT_NOT_OWNED');
    const malformed = await start(emspKey, { evseId: 'NL*EVB*E1', emaid: 'DE8AACA2B3C4D5X' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('EMAID_CHECK_DIGIT');
    const cpo = await start(kafkaCpoKey, { evseId: 'NL*EVB*E1', emaid: EMAID });
    expect(cpo.status).toBe(403);
    expect(await api.eventCount()).toBe(before);
  });

  it('returns the same command for a retry with the same Idempotency-Key, recording nothing more', async () => {
    const first = await start(emspKey, { evseId: 'NL*EVB*E3', emaid: EMAID }, 'start-1');
    const events = (await commandEvents(first.body.commandId)).length;
    const retry = await start(emspKey, { evseId: 'NL*EVB*E3', emaid: EMAID }, 'start-1');
    expect(retry.body).toEqual(first.body);
    expect((await commandEvents(first.body.commandId)).length).toBe(events);
    const other = await start(emspKey, { evseId: 'NL*EVB*E4', emaid: EMAID }, 'start-1');
    expect(other.status).toBe(409);
  });

  it('UC3-4: stops a running session of its customer through the CPO; nothing to stop once it ended', async () => {
    const started = await start(emspKey, { evseId: 'NL*EVB*E5', emaid: EMAID });
    await respond(kafkaCpoKey, started.body.commandId, { result: 'ACCEPTED' });
    const session = await request(api.server).post('/v1/sessions').set('Authorization', `Bearer ${kafkaCpoKey}`).send({
      cpoSessionId: 'evb-4711',
      evseId: 'NL*EVB*E5',
      startedAt: '2026-03-01T10:00:00.000Z',
      authorizationId: started.body.authorizationId,
    });
    expect(session.status).toBe(201);
    const { sessionId } = session.body;

    const stranger = await request(api.server)
      .post('/v1/commands/stop-session')
      .set('Authorization', `Bearer ${otherEmspKey}`)
      .send({ sessionId });
    expect(stranger.status).toBe(404);

    const stop = await request(api.server)
      .post('/v1/commands/stop-session')
      .set('Authorization', `Bearer ${emspKey}`)
      .send({ sessionId });
    expect(stop.status).toBe(202);
    expect(stop.body).toMatchObject({ kind: 'STOP_SESSION', status: 'REQUESTED', sessionId, cpoPartyId: 'NLEVB' });
    const relayed = await api.awaitPublished<{ commandId: string }>(
      toKafkaCpo,
      'RemoteStopSession',
      (d) => d.commandId === stop.body.commandId,
    );
    expect(relayed.data).toMatchObject({ sessionId, cpoSessionId: 'evb-4711', evseId: 'NL*EVB*E5' });
    expect((await respond(kafkaCpoKey, stop.body.commandId, { result: 'ACCEPTED' })).body.status).toBe('ACCEPTED');

    await request(api.server)
      .post(`/v1/sessions/${sessionId}/end`)
      .set('Authorization', `Bearer ${kafkaCpoKey}`)
      .send({ endedAt: '2026-03-01T10:00:00.000Z', energyWh: 1200, reason: 'REMOTE_STOP' })
      .expect(200);
    const again = await request(api.server)
      .post('/v1/commands/stop-session')
      .set('Authorization', `Bearer ${emspKey}`)
      .send({ sessionId });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('SESSION_NOT_ACTIVE');
  });
});
