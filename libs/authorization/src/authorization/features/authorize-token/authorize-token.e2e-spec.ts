import { TOPICS } from '@roaming/contracts';
import { EventStore } from '@roaming/event-store';
import { deadLetterTopic, HEADER, InProcessMessageBus } from '@roaming/messaging';
import { generateApiKey } from '@roaming/platform';
import { waitFor } from '@roaming/testing';
import request from 'supertest';
import { AuthorizationApiFixture } from '../../../testing/authorization-api.fixture';

const EMAID = 'DE8AACA2B3C4D5L';
const OTHER_EMAID = 'FRXYZC12345678R';

describe('POST /v1/authorizations (IEC 63119-2 UC3-1 / UC4-1 via the clearing house; GeM 981; eMI3 UCE AA)', () => {
  let api: AuthorizationApiFixture;
  let cpoKey: string;
  let otherCpoKey: string;
  let emspKey: string;

  beforeAll(async () => {
    api = await AuthorizationApiFixture.start();
    cpoKey = await api.partnerWithKey('cpo-1', ['cpo'], ['DE*ABC']);
    otherCpoKey = await api.partnerWithKey('cpo-2', ['cpo'], ['NLEVB']);
    emspKey = await api.partnerWithKey('emsp-1', ['emsp'], ['DE-8AA']);
    await api.agreement('agreement-1', 'DEABC', 'DE8AA');
    await api.token('04A2B3C4D5E6F7', EMAID, 'DE8AA');
  });

  afterAll(async () => {
    await api?.close();
  });

  const authorize = (key: string | undefined, body: object, idempotencyKey?: string) => {
    const req = request(api.server).post('/v1/authorizations');
    if (key) req.set('Authorization', `Bearer ${key}`);
    if (idempotencyKey) req.set('Idempotency-Key', idempotencyKey);
    return req.send(body);
  };
  const rfid = (uid: string) => ({ uid, type: 'RFID' });

  it('UC3-1: 201 ACCEPTED for a known token of a provider with an active agreement, and publishes it', async () => {
    const res = await authorize(cpoKey, { evseId: 'de*abc*e123456*1', token: rfid('04:a2:b3:c4:d5:e6:f7') });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      authorizationId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      status: 'ACCEPTED',
      emaid: EMAID,
      emspPartyId: 'DE8AA',
      agreementId: 'agreement-1',
      allowedServices: null,
      tariffId: null,
      decidedBy: 'hub',
      evseId: 'DE*ABC*E123456*1',
    });

    const message = await waitFor(
      () => api.published.find((m) => JSON.parse(m.rawValue).data.authorizationId === res.body.authorizationId),
      { description: 'AuthorizationGranted on authorization.events.v1' },
    );
    expect(message.topic).toBe(TOPICS.authorizationEvents);
    expect(message.key).toBe(`authorization-${res.body.authorizationId}`);
    expect(message.headers[HEADER.type]).toBe('AuthorizationGranted');
    expect(message.headers[HEADER.messageId]).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.parse(message.rawValue)).toMatchObject({
      type: 'AuthorizationGranted',
      schemaVersion: 1,
      data: {
        authorizationId: res.body.authorizationId,
        evseId: 'DE*ABC*E123456*1',
        cpoPartyId: 'DEABC',
        emspPartyId: 'DE8AA',
        emaid: EMAID,
        tokenUid: '04A2B3C4D5E6F7',
        agreementId: 'agreement-1',
      },
    });
  });

  it('UC4-1: 201 DENIED UNKNOWN_TOKEN for a token the hub does not know', async () => {
    const res = await authorize(cpoKey, { evseId: 'DE*ABC*E123456*1', token: rfid('0badc0de') });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      authorizationId: expect.any(String),
      status: 'DENIED',
      reason: 'UNKNOWN_TOKEN',
      decidedBy: 'hub',
      evseId: 'DE*ABC*E123456*1',
    });
  });

  it('GeM UC 1502: 201 DENIED TOKEN_BLOCKED once the registry announces the token blocked', async () => {
    await api.token('04112233', EMAID, 'DE8AA', 'active');
    const before = await authorize(cpoKey, { evseId: 'DE*ABC*E1', token: rfid('04112233') });
    expect(before.body.status).toBe('ACCEPTED');

    await api.token('04112233', EMAID, 'DE8AA', 'blocked');
    const res = await authorize(cpoKey, { evseId: 'DE*ABC*E1', token: rfid('04112233') });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'DENIED', reason: 'TOKEN_BLOCKED', emspPartyId: 'DE8AA' });
    expect(res.body.emaid).toBeUndefined();
  });

  it('a re-delivered registry message changes nothing (consumer de-duplication)', async () => {
    const firstId = await api.token('04998877', EMAID, 'DE8AA', 'active');
    await api.token('04998877', EMAID, 'DE8AA', 'stolen');
    // The first message again, with its own id: already applied, so the token stays stolen.
    await api.publishRegistry(
      'TokenStatusChanged',
      {
        emaid: EMAID,
        emspPartyId: 'DE8AA',
        tokenUid: '04998877',
        tokenType: 'RFID',
        status: 'active',
        validUntil: null,
      },
      firstId,
    );
    const res = await authorize(cpoKey, { evseId: 'DE*ABC*E1', token: rfid('04998877') });
    expect(res.body).toMatchObject({ status: 'DENIED', reason: 'TOKEN_STOLEN' });
  });

  it('parks a registry message it cannot read on the dead-letter topic and keeps consuming', async () => {
    const bus = api.bus;
    if (!(bus instanceof InProcessMessageBus)) throw new Error('embedded mode uses the in-process bus');
    const poisonId = await api.publishRegistry('TokenStatusChanged', {
      emspPartyId: 'DE8AA',
      tokenUid: '04DEAD01',
      tokenType: 'RFID',
      status: 'active',
      validUntil: null,
    } as never);
    const parked = bus.deadLetters(deadLetterTopic(TOPICS.contractRegistryEvents));
    expect(parked.map((m) => m.headers[HEADER.messageId])).toContain(poisonId);
    expect(parked.find((m) => m.headers[HEADER.messageId] === poisonId)?.headers[HEADER.error]).toMatch(/emaid/);

    await api.token('04DEAD02', EMAID, 'DE8AA');
    const res = await authorize(cpoKey, { evseId: 'DE*ABC*E1', token: rfid('04DEAD02') });
    expect(res.body.status).toBe('ACCEPTED');
  });

  it('GeM §7 A.3: 201 DENIED NO_ROAMING_AGREEMENT when the EVSE operator has no agreement with the provider', async () => {
    await api.token('04CAFE01', OTHER_EMAID, 'FRXYZ');
    const res = await authorize(cpoKey, { evseId: 'DE*ABC*E1', token: rfid('04CAFE01') });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'DENIED', reason: 'NO_ROAMING_AGREEMENT', emspPartyId: 'FRXYZ' });
  });

  it('accepts a token whose provider registration arrives after its token and agreement (any order across streams)', async () => {
    await api.token('04ABCDEF', 'ATLATC00000017U', 'ATLAT');
    await api.agreement('agreement-late', 'DEABC', 'ATLAT');
    const early = await authorize(cpoKey, { evseId: 'DE*ABC*E1', token: rfid('04ABCDEF') });
    expect(early.body).toMatchObject({ status: 'ACCEPTED', agreementId: 'agreement-late' });

    await api.publishRegistry('PartnerRegistered', {
      partnerId: 'emsp-late',
      name: 'late',
      roles: ['emsp'],
      partyIds: ['ATLAT'],
    });
    await api.publishRegistry('PartnerStatusChanged', { partnerId: 'emsp-late', status: 'suspended' });
    await api.waitForRow(
      `SELECT 1 FROM authz.partners WHERE partner_id = 'emsp-late' AND status = 'suspended'`,
      [],
      'suspended',
    );
    const suspended = await authorize(cpoKey, { evseId: 'DE*ABC*E1', token: rfid('04ABCDEF') });
    expect(suspended.body).toMatchObject({ status: 'DENIED', reason: 'PROVIDER_SUSPENDED' });
  });

  it('returns the same decision for a retry with the same Idempotency-Key, and 409 for another request on it', async () => {
    const first = await authorize(cpoKey, { evseId: 'DE*ABC*E7', token: rfid('04A2B3C4D5E6F7') }, 'retry-1');
    const events = await api.eventCount();
    const retry = await authorize(cpoKey, { evseId: 'DE*ABC*E7', token: rfid('04A2B3C4D5E6F7') }, 'retry-1');
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(await api.eventCount()).toBe(events);

    const other = await authorize(cpoKey, { evseId: 'DE*ABC*E8', token: rfid('04A2B3C4D5E6F7') }, 'retry-1');
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('AUTHORIZATION_EXISTS');
    expect(await api.eventCount()).toBe(events);

    // The key is the caller's own: another CPO using the same key gets its own authorization.
    const theirs = await authorize(otherCpoKey, { evseId: 'NL*EVB*E1', token: rfid('04A2B3C4D5E6F7') }, 'retry-1');
    expect(theirs.status).toBe(201);
    expect(theirs.body.authorizationId).not.toBe(first.body.authorizationId);
  });

  it('403 EVSE_NOT_OWNED when the EVSE operator is not one of the caller parties, and the attempt is recorded', async () => {
    const events = await api.eventCount();
    const res = await authorize(
      otherCpoKey,
      { evseId: 'DE*ABC*E123456*1', token: rfid('04A2B3C4D5E6F7') },
      'foreign-1',
    );
    expect(res.status).toBe(403);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ code: 'EVSE_NOT_OWNED', evseId: 'DE*ABC*E123456*1', operatorId: 'DEABC' });
    // GeM 967: the failed attempt is an event, denied for EVSE_NOT_OWNED, and says nothing about the token.
    expect(await api.eventCount()).toBe(events + 1);
    const [recorded] = await api.app.get(EventStore).readStream(`authorization-${res.body.authorizationId}`);
    expect(recorded).toMatchObject({
      type: 'AuthorizationDenied',
      data: { reason: 'EVSE_NOT_OWNED', cpoPartyId: 'DEABC', emspPartyId: null, requestedBy: 'cpo-2' },
    });
    // Replayed with the same key: the same refusal, no second event.
    const again = await authorize(
      otherCpoKey,
      { evseId: 'DE*ABC*E123456*1', token: rfid('04A2B3C4D5E6F7') },
      'foreign-1',
    );
    expect(again.status).toBe(403);
    expect(again.body.authorizationId).toBe(res.body.authorizationId);
    expect(await api.eventCount()).toBe(events + 1);
  });

  it('400 EVSE_ID_INVALID for a malformed EVSE id, appending nothing', async () => {
    const events = await api.eventCount();
    const res = await authorize(cpoKey, { evseId: 'DE-ABC-123', token: rfid('04A2B3C4D5E6F7') });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'EVSE_ID_INVALID', errors: [{ field: 'evseId', rule: 'format' }] });
    expect(await api.eventCount()).toBe(events);
  });

  it('400 REQUEST_INVALID naming the field for a token type it does not know', async () => {
    const res = await authorize(cpoKey, { evseId: 'DE*ABC*E1', token: { uid: '04A2B3C4', type: 'NFC' } });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('REQUEST_INVALID');
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'token.type', rule: 'isIn' })]);
  });

  it('400 TOKEN_UID_INVALID for an RFID uid that is not hex bytes', async () => {
    const res = await authorize(cpoKey, { evseId: 'DE*ABC*E1', token: rfid('not-a-uid') });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'TOKEN_UID_INVALID', errors: [{ field: 'token.uid' }] });
  });

  it('401 UNAUTHENTICATED without an API key', async () => {
    const res = await authorize(undefined, { evseId: 'DE*ABC*E1', token: rfid('04A2B3C4D5E6F7') });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('UNAUTHENTICATED');
  });

  it('403 ROLE_REQUIRED for an EVSP: only EVSE operators ask for authorizations', async () => {
    const res = await authorize(emspKey, { evseId: 'DE*ABC*E1', token: rfid('04A2B3C4D5E6F7') });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('ROLE_REQUIRED');
  });

  it('401 once the registry revokes the key', async () => {
    const { key, keyId, keyHash } = generateApiKey();
    await api.publishRegistry('PartnerCredentialIssued', {
      partnerId: 'cpo-1',
      keyId,
      keyHash,
      roles: ['cpo'],
      partyIds: ['DEABC'],
    });
    await api.waitForRow(`SELECT 1 FROM authz.partner_credentials WHERE key_id = $1`, [keyId], 'issued key');
    expect((await authorize(key, { evseId: 'DE*ABC*E1', token: rfid('04A2B3C4D5E6F7') })).status).toBe(201);

    await api.publishRegistry('PartnerCredentialRevoked', { partnerId: 'cpo-1', keyId });
    await api.waitForRow(
      `SELECT 1 FROM authz.partner_credentials WHERE key_id = $1 AND status = 'revoked'`,
      [keyId],
      'revoked key',
    );
    expect((await authorize(key, { evseId: 'DE*ABC*E1', token: rfid('04A2B3C4D5E6F7') })).status).toBe(401);
  });
});
