import { AUTHORIZATION_REQUESTS_INBOUND_TOPIC, partnerOutboundTopic } from '@roaming/contracts';
import { deadLetterTopic, HEADER, InProcessMessageBus, type InboundMessage } from '@roaming/messaging';
import { waitFor } from '@roaming/testing';
import request from 'supertest';
import { AuthorizationApiFixture } from '../testing/authorization-api.fixture';
import { VALID_CONTRACT_CERTIFICATE } from '../testing/contract-certificates';
import { TestPartnerEndpoint } from '../testing/test-partner-endpoint';

const EMAID = 'DE8AACA2B3C4D5L';
const HOME_EMAID = 'FRHOMC123456788';

/**
 * The B2B Kafka door of the authorization context (b2b.authorization-requests.inbound.v1, key = the CPO's party id),
 * answered on the CPO's b2b.<party>.outbound.v1: local start (IEC 63119-2 UC3-1), real-time delegation (UC4-1), Plug &
 * Charge (UC3-3), remote command answers (UC3-2/UC3-4) and session reports (UC3-5, UC4-2), as over REST. Embedded
 * mode: the in-process bus with Kafka's semantics (per-key order, de-duplication, dead letters).
 */
describe('b2b.authorization-requests.inbound.v1: the CPO asks and reports over Kafka (IEC 63119-2 UC3-1..UC3-5, UC4-1)', () => {
  let api: AuthorizationApiFixture;
  let home: TestPartnerEndpoint;
  let emspKey: string;
  let toCpo: InboundMessage[];
  let toEmsp: InboundMessage[];

  beforeAll(async () => {
    home = await TestPartnerEndpoint.start();
    api = await AuthorizationApiFixture.start(undefined, { breakerFailureThreshold: 100 });
    toCpo = await api.observe([partnerOutboundTopic('DEABC')]);
    toEmsp = await api.observe([partnerOutboundTopic('DE8AA')]);
    await api.partnerWithKey('cpo-1', ['cpo'], ['DEABC']);
    emspKey = await api.partnerWithKey('emsp-1', ['emsp'], ['DE8AA']);
    await api.partnerWithKey('emsp-home', ['emsp'], ['FRHOM']);
    await api.endpoints('emsp-home', {
      authorizationUrl: home.url,
      contractsStoredAtHub: false,
      authorizationTimeoutMs: 300,
    });
    await api.agreement('agreement-1', 'DEABC', 'DE8AA', 'active', { tariffId: 'tariff-1' });
    await api.agreement('agreement-home', 'DEABC', 'FRHOM');
    await api.token('04A2B3C4D5E6F7', EMAID, 'DE8AA');
    await api.token('04000FF1', EMAID, 'DE8AA', 'active', undefined, { allowOffline: true });
    await api.token(EMAID, EMAID, 'DE8AA', 'active', undefined, { tokenType: 'PLUG_AND_CHARGE' });
  });

  afterAll(async () => {
    await api?.close();
    await home?.close();
  });

  const decisionFor = (requestId: string) =>
    api.awaitPublished<{ requestId: string; authorizationId: string; status: string; reason?: string }>(
      toCpo,
      'AuthorizationDecision',
      (d) => d.requestId === requestId,
    );
  const deadLetters = () => {
    const bus = api.bus;
    if (!(bus instanceof InProcessMessageBus)) throw new Error('embedded mode uses the in-process bus');
    return bus.deadLetters(deadLetterTopic(AUTHORIZATION_REQUESTS_INBOUND_TOPIC));
  };

  it('UC3-1: answers an AuthorizationRequest on the CPO topic, quoting its request id, recorded once', async () => {
    const body = { requestId: 'req-1', evseId: 'DE*ABC*E1', token: { uid: '04A2B3C4D5E6F7', type: 'RFID' } };
    const messageId = await api.sendB2b('DE*ABC', 'AuthorizationRequest', body);
    const decision = await decisionFor('req-1');
    expect(decision.data).toMatchObject({
      status: 'ACCEPTED',
      evseId: 'DE*ABC*E1',
      emaid: EMAID,
      emspPartyId: 'DE8AA',
      agreementId: 'agreement-1',
      allowedServices: null,
      tariffId: 'tariff-1',
      decidedBy: 'hub',
      authorizationId: expect.any(String),
    });
    const events = await api.eventCount();
    // Delivered again (same message id), or sent again with the same request id: no second decision.
    await api.sendB2b('DEABC', 'AuthorizationRequest', body, messageId);
    await api.sendB2b('DEABC', 'AuthorizationRequest', body);
    expect(await api.eventCount()).toBe(events);
    // The decision reads back over REST like any other.
    const read = await waitFor(
      async () => {
        const r = await request(api.server)
          .get(`/v1/authorizations/${decision.data.authorizationId}`)
          .set('Authorization', `Bearer ${emspKey}`);
        return r.status === 200 ? r.body : undefined;
      },
      { description: 'the Kafka decision over REST' },
    );
    expect(read).toMatchObject({ status: 'ACCEPTED', emaid: EMAID });
  });

  it('denies an EVSE of another operator, recorded, and answers the party that asked', async () => {
    await api.sendB2b('DEABC', 'AuthorizationRequest', {
      requestId: 'req-foreign',
      evseId: 'NL*EVB*E1',
      token: { uid: '04A2B3C4D5E6F7', type: 'RFID' },
    });
    expect((await decisionFor('req-foreign')).data).toMatchObject({ status: 'DENIED', reason: 'EVSE_NOT_OWNED' });
  });

  it('UC4-1 over Kafka: the home EVSP answers, answers late, or fails', async () => {
    home.behave({ kind: 'answer', body: { status: 'ACCEPTED' } });
    await api.sendB2b('DEABC', 'AuthorizationRequest', {
      requestId: 'req-home-1',
      evseId: 'DE*ABC*E1',
      token: { uid: HOME_EMAID, type: 'EMAID' },
    });
    expect((await decisionFor('req-home-1')).data).toMatchObject({ status: 'ACCEPTED', decidedBy: 'emsp' });
    home.behave({ kind: 'late', afterMs: 3_000, body: { status: 'ACCEPTED' } });
    await api.sendB2b('DEABC', 'AuthorizationRequest', {
      requestId: 'req-home-2',
      evseId: 'DE*ABC*E1',
      token: { uid: HOME_EMAID, type: 'EMAID' },
    });
    expect((await decisionFor('req-home-2')).data).toMatchObject({
      status: 'DENIED',
      reason: 'EVSP_UNREACHABLE',
      decidedBy: 'timeout-policy',
    });
    home.behave({ kind: 'fail', status: 500 });
    await api.sendB2b('DEABC', 'AuthorizationRequest', {
      requestId: 'req-home-3',
      evseId: 'DE*ABC*E1',
      token: { uid: HOME_EMAID, type: 'EMAID' },
    });
    expect((await decisionFor('req-home-3')).data).toMatchObject({ status: 'DENIED', reason: 'EVSP_UNREACHABLE' });
  });

  it('UC3-3 over Kafka: Plug & Charge with the contract certificate', async () => {
    await api.sendB2b('DEABC', 'AuthorizationRequest', {
      requestId: 'req-pnc',
      evseId: 'DE*ABC*E1',
      contractCertificate: VALID_CONTRACT_CERTIFICATE,
    });
    expect((await decisionFor('req-pnc')).data).toMatchObject({ status: 'ACCEPTED', emaid: EMAID });
  });

  it('UC3-2 over Kafka: the CPO takes the remote start from its topic and answers on the inbound topic', async () => {
    const started = await request(api.server)
      .post('/v1/commands/start-session')
      .set('Authorization', `Bearer ${emspKey}`)
      .send({ evseId: 'DE*ABC*E2', emaid: EMAID });
    const { commandId } = started.body;
    await api.awaitPublished<{ commandId: string }>(toCpo, 'RemoteStartSession', (d) => d.commandId === commandId);
    await api.sendB2b('DEABC', 'CommandResponse', { commandId, result: 'ACCEPTED' });
    const result = await api.awaitPublished<{ commandId: string }>(
      toEmsp,
      'RemoteCommandResult',
      (d) => d.commandId === commandId,
    );
    expect(result.data).toMatchObject({ status: 'ACCEPTED' });
  });

  it('UC4-2 / UC3-5 over Kafka: an offline session started, progressing and ended, each pushed to the EVSP', async () => {
    await api.sendB2b('DEABC', 'SessionStarted', {
      cpoSessionId: 'kafka-offline-1',
      evseId: 'DE*ABC*E3',
      startedAt: '2026-03-01T09:00:00Z',
      token: { uid: '04000FF1', type: 'RFID' },
    });
    const started = await api.awaitPublished<{ cpoSessionId: string; sessionId: string }>(
      toEmsp,
      'SessionStarted',
      (d) => d.cpoSessionId === 'kafka-offline-1',
    );
    expect(started.data).toMatchObject({ offline: true });
    const { sessionId } = started.data;
    await api.sendB2b('DEABC', 'SessionProgress', {
      sessionId,
      energyWh: 2_000,
      status: 'CHARGING',
      measuredAt: '2026-03-01T09:10:00Z',
    });
    await api.sendB2b('DEABC', 'SessionEnded', { sessionId, endedAt: '2026-03-01T09:30:00Z', energyWh: 5_000 });
    const ended = await api.awaitPublished<{ sessionId: string }>(
      toEmsp,
      'SessionEnded',
      (d) => d.sessionId === sessionId,
    );
    expect(ended.data).toMatchObject({ energyWh: 5_000 });
  });

  it('parks what it cannot accept on the dead-letter topic, with the reason, and keeps consuming', async () => {
    const malformed = await api.sendB2b('DEABC', 'AuthorizationRequest', {
      requestId: 'req-bad',
      evseId: 'DE*ABC*E1',
      token: { uid: 'not-hex', type: 'RFID' },
    });
    const notJson = await api.sendB2b('DEABC', 'AuthorizationRequest', 'not an object' as never);
    // Producers that cannot prove who they are: nothing they send is decided or recorded.
    const events = await api.eventCount();
    const ask = (requestId: string) => ({
      requestId,
      evseId: 'DE*ABC*E1',
      token: { uid: '04A2B3C4D5E6F7', type: 'RFID' },
    });
    const unsigned = await api.sendB2bAs(null, 'DEABC', 'AuthorizationRequest', ask('req-unsigned'));
    const forged = await api.sendB2bAs(
      { apiKey: 'rch_not-the-key', keyId: api.signerOf('DEABC').keyId },
      'DEABC',
      'AuthorizationRequest',
      ask('req-forged'),
    );
    const asEmsp = await api.sendB2bAs(api.signerOf('DE8AA'), 'DEABC', 'AuthorizationRequest', ask('req-emsp'));
    const stranger = await api.sendB2bAs(api.signerOf('DEABC'), 'ZZ999', 'AuthorizationRequest', ask('req-stranger'));
    const all = [malformed, notJson, unsigned, forged, asEmsp, stranger];
    const parked = await waitFor(
      () => {
        const letters = deadLetters();
        const ids = letters.map((m) => m.headers[HEADER.messageId]);
        return all.every((id) => ids.includes(id)) ? letters : undefined;
      },
      { description: 'six dead letters', timeoutMs: 30_000 },
    );
    const reason = (id: string) => parked.find((m) => m.headers[HEADER.messageId] === id)?.headers[HEADER.error];
    expect(reason(malformed)).toMatch(/token\.uid/);
    expect(reason(notJson)).toMatch(/object/);
    expect(reason(unsigned)).toMatch(/^UNAUTHENTICATED: /);
    expect(reason(forged)).toMatch(/^UNAUTHENTICATED: /);
    expect(reason(asEmsp)).toMatch(/^ROLE_REQUIRED: /);
    expect(reason(stranger)).toMatch(/^PARTY_NOT_OWNED: /);
    expect(await api.eventCount()).toBe(events);
    await api.sendB2b('DEABC', 'AuthorizationRequest', {
      requestId: 'req-after',
      evseId: 'DE*ABC*E1',
      token: { uid: '04A2B3C4D5E6F7', type: 'RFID' },
    });
    expect((await decisionFor('req-after')).data).toMatchObject({ status: 'ACCEPTED' });
  }, 60_000);
});
