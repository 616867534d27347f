import { partnerOutboundTopic, TOPICS } from '@roaming/contracts';
import { EventStore } from '@roaming/event-store';
import { HEADER, type InboundMessage } from '@roaming/messaging';
import { waitFor, waitForProcessor } from '@roaming/testing';
import { randomUUID } from 'crypto';
import request from 'supertest';
import { DEADLINES_PROCESSOR_ID, DeadlinesProcessManager } from '../../process-managers/deadlines.process-manager';
import { REMOTE_COMMAND_CATEGORY } from '../../remote-command/domain';
import { AuthorizationApiFixture } from '../../testing/authorization-api.fixture';
import { SESSION_CATEGORY } from '../domain';

const EMAID = 'DE8AACA2B3C4D5L';

/**
 * Charging sessions (IEC 63119-2 UC3-1..UC3-5, UC4-2; eMI3 UCE CS): an authorization becomes a session when the CPO
 * reports the start; progress and end follow; the session stream ties authorization, session and CDR together.
 */
describe('charging sessions reported by the CPO (IEC 63119-2 UC3-5, UC4-2; eMI3 UCE CS)', () => {
  let api: AuthorizationApiFixture;
  let cpoKey: string;
  let emspKey: string;
  let otherEmspKey: string;
  let toEmsp: InboundMessage[];

  beforeAll(async () => {
    api = await AuthorizationApiFixture.start();
    toEmsp = await api.observe([partnerOutboundTopic('DE8AA')]);
    cpoKey = await api.partnerWithKey('cpo-1', ['cpo'], ['DEABC']);
    emspKey = await api.partnerWithKey('emsp-1', ['emsp'], ['DE8AA']);
    otherEmspKey = await api.partnerWithKey('emsp-2', ['emsp'], ['FRXYZ']);
    await api.agreement('agreement-1', 'DEABC', 'DE8AA', 'active', { tariffId: 'tariff-9' });
    await api.token('04A2B3C4D5E6F7', EMAID, 'DE8AA');
    await api.token('04000FF1', EMAID, 'DE8AA', 'active', undefined, { allowOffline: true });
    await api.token('04000FF2', EMAID, 'DE8AA', 'active', undefined, { allowOffline: false });
  });

  afterAll(async () => {
    await api?.close();
  });

  const as = (key: string) => ({ Authorization: `Bearer ${key}` });
  const authorize = async (uid = '04A2B3C4D5E6F7', evseId = 'DE*ABC*E1'): Promise<string> =>
    (
      await request(api.server)
        .post('/v1/authorizations')
        .set(as(cpoKey))
        .send({ evseId, token: { uid, type: 'RFID' } })
    ).body.authorizationId;
  const startSession = (body: object) => request(api.server).post('/v1/sessions').set(as(cpoKey)).send(body);
  const events = async (sessionId: string) =>
    (await api.app.get(EventStore).readStream(`session-${sessionId}`)).map((e) => e.type);

  it('an authorization becomes one session when the CPO reports the start, with what it will be billed by', async () => {
    const authorizationId = await authorize();
    const res = await startSession({
      cpoSessionId: 'cpo-s-1',
      evseId: 'de*abc*e1',
      startedAt: '2026-03-01T09:59:30Z',
      authorizationId,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'ACTIVE',
      cpoSessionId: 'cpo-s-1',
      evseId: 'DE*ABC*E1',
      emspPartyId: 'DE8AA',
      emaid: EMAID,
      authorizationId,
      offline: false,
      tariffId: 'tariff-9',
      startedAt: '2026-03-01T09:59:30.000Z',
      energyWh: 0,
    });
    const { sessionId } = res.body;
    // The same report again: the same session, nothing more recorded; another session on it: refused.
    expect(
      (
        await startSession({
          cpoSessionId: 'cpo-s-1',
          evseId: 'DE*ABC*E1',
          startedAt: '2026-03-01T09:59:30Z',
          authorizationId,
        })
      ).body.sessionId,
    ).toBe(sessionId);
    const second = await startSession({
      cpoSessionId: 'cpo-s-2',
      evseId: 'DE*ABC*E1',
      startedAt: '2026-03-01T09:59:40Z',
      authorizationId,
    });
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('SESSION_EXISTS');
    expect(await events(sessionId)).toEqual(['SessionStarted']);

    // The EVSP hears of its customer's session, the other contexts of the authorization → session step.
    const pushed = await api.awaitPublished<{ sessionId: string }>(
      toEmsp,
      'SessionStarted',
      (d) => d.sessionId === sessionId,
    );
    expect(pushed.data).toMatchObject({ authorizationId, cpoSessionId: 'cpo-s-1', offline: false });
    await waitFor(
      () =>
        api.published.find((m) => {
          const body = JSON.parse(m.rawValue);
          return body.type === 'SessionStarted' && body.data.sessionId === sessionId;
        }),
      { description: 'SessionStarted on authorization.events.v1' },
    );
  });

  it('eMI3 UCE CS: progress between start and end, pushed to the EVSP; the end (UC3-5) closes the session', async () => {
    const authorizationId = await authorize();
    const { sessionId } = (
      await startSession({
        cpoSessionId: 'cpo-s-3',
        evseId: 'DE*ABC*E1',
        startedAt: '2026-03-01T09:00:00Z',
        authorizationId,
      })
    ).body;
    const progress = (energyWh: number, measuredAt: string) =>
      request(api.server)
        .post(`/v1/sessions/${sessionId}/progress`)
        .set(as(cpoKey))
        .send({ energyWh, status: 'CHARGING', measuredAt });
    expect((await progress(4_000, '2026-03-01T09:20:00Z')).body).toMatchObject({
      energyWh: 4_000,
      chargingStatus: 'CHARGING',
    });
    // A report older than the latest changes nothing; energy going down is refused.
    expect((await progress(3_000, '2026-03-01T09:10:00Z')).body.energyWh).toBe(4_000);
    const down = await progress(3_000, '2026-03-01T09:30:00Z');
    expect(down.status).toBe(400);
    expect(down.body.code).toBe('SESSION_ENERGY_DECREASED');
    const pushed = await api.awaitPublished<{ sessionId: string }>(
      toEmsp,
      'SessionProgressed',
      (d) => d.sessionId === sessionId,
    );
    expect(pushed.data).toMatchObject({ energyWh: 4_000, status: 'CHARGING' });

    const ended = await request(api.server)
      .post(`/v1/sessions/${sessionId}/end`)
      .set(as(cpoKey))
      .send({ endedAt: '2026-03-01T09:45:00Z', energyWh: 9_500, reason: 'EV_FULL' });
    expect(ended.body).toMatchObject({ status: 'ENDED', energyWh: 9_500, endedAt: '2026-03-01T09:45:00.000Z' });
    await api.awaitPublished<{ sessionId: string }>(toEmsp, 'SessionEnded', (d) => d.sessionId === sessionId);
    const late = await progress(9_600, '2026-03-01T09:50:00Z');
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('SESSION_NOT_ACTIVE');

    // The session is the CPO's and the EVSP's to read, nobody else's.
    expect((await request(api.server).get(`/v1/sessions/${sessionId}`).set(as(emspKey))).body.status).toBe('ENDED');
    expect((await request(api.server).get(`/v1/sessions/${sessionId}`).set(as(cpoKey))).status).toBe(200);
    expect((await request(api.server).get(`/v1/sessions/${sessionId}`).set(as(otherEmspKey))).status).toBe(404);
  });

  it('UC4-2: a start the EVSE allowed offline is accepted and marked offline when the token is whitelisted for it', async () => {
    const res = await startSession({
      cpoSessionId: 'offline-1',
      evseId: 'DE*ABC*E2',
      startedAt: '2026-03-01T08:00:00Z',
      token: { uid: '04:00:0f:f1', type: 'RFID' },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'ACTIVE', offline: true, emspPartyId: 'DE8AA', emaid: EMAID });
    expect(res.body.authorizationId).toBeUndefined();
    const pushed = await api.awaitPublished<{ sessionId: string }>(
      toEmsp,
      'SessionStarted',
      (d) => d.sessionId === res.body.sessionId,
    );
    expect(pushed.data).toMatchObject({ offline: true, authorizationId: null });
  });

  it('UC4-2: an offline start of a token not whitelisted for it is recorded as refused, with the reason', async () => {
    const res = await startSession({
      cpoSessionId: 'offline-2',
      evseId: 'DE*ABC*E2',
      startedAt: '2026-03-01T08:00:00Z',
      token: { uid: '04000FF2', type: 'RFID' },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'REFUSED', reason: 'NOT_ALLOWED_OFFLINE', offline: true });
    expect(await events(res.body.sessionId)).toEqual(['SessionStartRefused']);
    const unknown = await startSession({
      cpoSessionId: 'offline-3',
      evseId: 'DE*ABC*E2',
      startedAt: '2026-03-01T08:00:00Z',
      token: { uid: '04DEAD99', type: 'RFID' },
    });
    expect(unknown.body).toMatchObject({ status: 'REFUSED', reason: 'UNKNOWN_TOKEN' });
  });

  it('refuses starts it cannot accept, recording nothing', async () => {
    const before = await api.eventCount();
    const denied = await authorize('04BADBAD');
    const afterDecision = await api.eventCount();
    expect(afterDecision).toBe(before + 1);
    const onDenied = await startSession({
      cpoSessionId: 'x-1',
      evseId: 'DE*ABC*E1',
      startedAt: '2026-03-01T09:00:00Z',
      authorizationId: denied,
    });
    expect(onDenied.status).toBe(409);
    expect(onDenied.body.code).toBe('AUTHORIZATION_NOT_GRANTED');
    const unknown = await startSession({
      cpoSessionId: 'x-2',
      evseId: 'DE*ABC*E1',
      startedAt: '2026-03-01T09:00:00Z',
      authorizationId: randomUUID(),
    });
    expect(unknown.status).toBe(404);
    const granted = await authorize();
    const elsewhere = await startSession({
      cpoSessionId: 'x-3',
      evseId: 'DE*ABC*E9',
      startedAt: '2026-03-01T09:00:00Z',
      authorizationId: granted,
    });
    expect(elsewhere.status).toBe(409);
    expect(elsewhere.body.code).toBe('SESSION_EVSE_MISMATCH');
    const foreign = await startSession({
      cpoSessionId: 'x-4',
      evseId: 'NL*EVB*E1',
      startedAt: '2026-03-01T09:00:00Z',
      token: { uid: '04000FF1', type: 'RFID' },
    });
    expect(foreign.status).toBe(403);
    const both = await startSession({ cpoSessionId: 'x-5', evseId: 'DE*ABC*E1', startedAt: '2026-03-01T09:00:00Z' });
    expect(both.status).toBe(400);
    expect(both.body.code).toBe('SESSION_START_BASIS');
    const future = await startSession({
      cpoSessionId: 'x-6',
      evseId: 'DE*ABC*E1',
      startedAt: '2026-03-01T11:00:00Z',
      authorizationId: granted,
    });
    expect(future.status).toBe(400);
    expect(future.body.code).toBe('SESSION_START_IN_FUTURE');
    expect(await api.eventCount()).toBe(afterDecision + 1);
  });

  it('flags a session still open past the limit: a checkpointed process manager on the hub clock', async () => {
    const authorizationId = await authorize();
    const { sessionId } = (
      await startSession({
        cpoSessionId: 'long-1',
        evseId: 'DE*ABC*E1',
        startedAt: '2026-03-01T10:00:00Z',
        authorizationId,
      })
    ).body;
    await waitForProcessor(api.app.get(EventStore), DEADLINES_PROCESSOR_ID, [
      REMOTE_COMMAND_CATEGORY,
      SESSION_CATEGORY,
    ]);
    const deadlines = api.app.get(DeadlinesProcessManager);
    api.clock.advance(24 * 3_600_000 - 1);
    await deadlines.tick();
    expect(
      (await request(api.server).get(`/v1/sessions/${sessionId}`).set(as(cpoKey))).body.overdueFlaggedAt,
    ).toBeUndefined();
    api.clock.advance(1);
    await deadlines.tick();
    const flagged = await request(api.server).get(`/v1/sessions/${sessionId}`).set(as(cpoKey));
    expect(flagged.body).toMatchObject({ status: 'ACTIVE', overdueFlaggedAt: '2026-03-02T10:00:00.000Z' });
    await waitFor(
      () =>
        api.published.find((m) => {
          const body = JSON.parse(m.rawValue);
          return body.type === 'SessionFlaggedOverdue' && body.data.sessionId === sessionId;
        }),
      { description: 'SessionFlaggedOverdue on authorization.events.v1' },
    );
    api.clock.set('2026-03-01T10:00:00.000Z');
  });

  it('authorization → session → CDR: a CDR the CDR context forwarded for the authorization is linked to its session', async () => {
    const authorizationId = await authorize();
    const { sessionId } = (
      await startSession({
        cpoSessionId: 'cdr-1',
        evseId: 'DE*ABC*E1',
        startedAt: '2026-03-01T09:00:00Z',
        authorizationId,
      })
    ).body;
    const forwarded = {
      type: 'CdrForwarded',
      schemaVersion: 1,
      occurredAt: '2026-03-01T10:00:00.000Z',
      data: { cdrId: 'CDR-77', cpoPartyId: 'DEABC', emspPartyId: 'DE8AA', authorizationId },
    };
    const messageId = randomUUID();
    for (let i = 0; i < 2; i++) {
      await api.bus.publish([
        {
          topic: TOPICS.cdrForwardingEvents,
          key: 'cdr-1',
          value: forwarded,
          headers: { [HEADER.messageId]: messageId, [HEADER.type]: 'CdrForwarded' },
        },
      ]);
    }
    const linked = await waitFor(
      async () => {
        const res = await request(api.server).get(`/v1/sessions/${sessionId}`).set(as(emspKey));
        return res.body.cdrIds?.length ? res.body : undefined;
      },
      { description: 'the CDR linked to the session' },
    );
    expect(linked.cdrIds).toEqual(['CDR-77']);
    expect(await events(sessionId)).toEqual(['SessionStarted', 'SessionCdrLinked']);
  });
});
