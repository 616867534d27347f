import { partnerOutboundTopic, STATION_TOPICS, TOPICS } from '@roaming/contracts';
import { deadLetterTopic, HEADER } from '@roaming/messaging';
import { randomUUID } from 'crypto';
import { SITE_CATEGORY } from '../site/domain';
import { SITES_PROJECTION_ID } from '../site/projections/sites/sites.projection';
import { aSite, anEvse, StationApiFixture } from '../testing/station-api.fixture';
import { RESERVATION_CATEGORY } from './domain';
import { RESERVATIONS_PROJECTION_ID } from './projections/reservations/reservations.projection';

const CPO_TOPIC = partnerOutboundTopic('DEABC');
const EVSP_TOPIC = partnerOutboundTopic('DE8AA');
const EMAID = 'DE8AACA2B3C4D5L';
const [E1, E2] = ['DE*ABC*E1', 'DE*ABC*E2'];

describe('reservations (IEC 63119-2 UC3-8, IEC 63110 S1, GeM 1528) over REST and Kafka', () => {
  let fx: StationApiFixture;
  let cpo: ReturnType<StationApiFixture['as']>;
  let cpoKey: string;
  let emsp: ReturnType<StationApiFixture['as']>;
  let otherEmsp: ReturnType<StationApiFixture['as']>;

  beforeAll(async () => {
    fx = await StationApiFixture.start({
      observe: [CPO_TOPIC, EVSP_TOPIC, TOPICS.stationManagementEvents],
      config: { reservationResponseSeconds: 60, reservationNoShowGraceSeconds: 0 },
    });
    cpoKey = await fx.partnerWithKey('cpo-abc', ['cpo'], ['DEABC']);
    cpo = fx.as(cpoKey);
    emsp = fx.as(await fx.partnerWithKey('emsp-8aa', ['emsp'], ['DE8AA']));
    otherEmsp = fx.as(await fx.partnerWithKey('emsp-evb', ['emsp'], ['NLEVB']));
    await fx.agreement('agr-1', 'DEABC', 'DE8AA');
    await fx.token('04A2B3C4D5E6F7', EMAID, 'DE8AA');
    await fx.token('04BBBBBB', 'DE8AACA2B3C4D6J', 'DE8AA', 'blocked');
    await fx.token('04CCCCCC', 'NLEVBC12345678X', 'NLEVB');
    await cpo
      .put(
        '/v1/operators/DEABC/sites/HH-1',
        aSite([], { evses: [anEvse(E1), anEvse(E2, { reservationAllowed: false })] }),
      )
      .expect(200);
    await fx.settle(SITES_PROJECTION_ID, [SITE_CATEGORY]);
  });

  afterAll(async () => {
    await fx?.close();
  });

  const reserve = (token = '04A2B3C4D5E6F7', evseId = E1, reserveUntil = '2026-03-01T10:30:00Z', headers = {}) =>
    emsp.post('/v1/reservations', { evseId, token: { uid: token, type: 'RFID' }, reserveUntil }, headers);
  const settle = () => fx.settle(RESERVATIONS_PROJECTION_ID, [RESERVATION_CATEGORY]);
  const toCpo = (type: string, id: string) =>
    fx.waitForPublished(CPO_TOPIC, (b) => b.type === type && b.data.reservationId === id);
  const toEvsp = (status: string, id: string) =>
    fx.waitForPublished(
      EVSP_TOPIC,
      (b) => b.type === 'ReservationStatusChanged' && b.data.reservationId === id && b.data.status === status,
    );

  it('UC3-8: relays a checked request to the CPO, records its acceptance with a fee, and its use by the session', async () => {
    const res = await reserve();
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'PENDING',
      evseId: E1,
      cpoPartyId: 'DEABC',
      emspPartyId: 'DE8AA',
      emaid: EMAID,
      reserveUntil: '2026-03-01T10:30:00.000Z',
      respondBy: '2026-03-01T10:01:00.000Z',
    });
    const id = res.body.reservationId;
    const relayed = await toCpo('ReservationRequested', id);
    expect(relayed.key).toBe(`reservation-${id}`);
    expect(JSON.parse(relayed.rawValue).data).toMatchObject({ evseId: E1, emspPartyId: 'DE8AA', emaid: EMAID });

    const answered = await cpo.post(`/v1/reservations/${id}/response`, {
      result: 'ACCEPTED',
      fee: { amount: '2.00', currency: 'EUR' },
    });
    expect(answered.status).toBe(200);
    expect(answered.body).toMatchObject({ status: 'ACCEPTED', fee: { amount: '2.00', currency: 'EUR' } });
    await toEvsp('ACCEPTED', id);
    await settle();

    // The driver arrives: the authorization context grants a session at the EVSE for the contract.
    await fx.bus.publish([
      {
        topic: TOPICS.authorizationEvents,
        key: 'authorization-a1',
        value: {
          type: 'AuthorizationGranted',
          schemaVersion: 1,
          occurredAt: '2026-03-01T10:12:00.000Z',
          data: {
            authorizationId: 'a1',
            evseId: E1,
            cpoPartyId: 'DEABC',
            emspPartyId: 'DE8AA',
            emaid: EMAID,
            tokenUid: '04A2B3C4D5E6F7',
            agreementId: 'agr-1',
          },
        },
        headers: { [HEADER.messageId]: randomUUID(), [HEADER.type]: 'AuthorizationGranted' },
      },
    ]);
    expect((await emsp.get(`/v1/reservations/${id}`)).body.status).toBe('USED');
    await toEvsp('USED', id);
    const record = await fx.waitForPublished(
      TOPICS.stationManagementEvents,
      (b) => b.type === 'ReservationEnded' && b.data.reservationId === id,
    );
    expect(JSON.parse(record.rawValue).data).toMatchObject({
      outcome: 'USED',
      fee: { amount: '2.00', currency: 'EUR' },
    });
  });

  const stationDeadLetter = (messageId: string) =>
    fx.bus
      .deadLetters(deadLetterTopic(STATION_TOPICS.stationCommandsInbound))
      .find((m) => m.headers[HEADER.messageId] === messageId);

  it('takes the CPO answer from Kafka b2b.station-commands.inbound.v1, once', async () => {
    const id = (await reserve()).body.reservationId;
    const answer = { type: 'ReservationResponse', reservationId: id, result: 'REJECTED', reason: 'EVSE_OCCUPIED' };
    const signed = fx.partnerMessage(cpoKey, {
      topic: STATION_TOPICS.stationCommandsInbound,
      key: 'DEABC',
      value: answer,
    });
    for (let i = 0; i < 2; i++) await fx.bus.publish([signed]);
    expect((await emsp.get(`/v1/reservations/${id}`)).body).toMatchObject({
      status: 'REJECTED',
      reason: 'EVSE_OCCUPIED',
    });
    expect((await fx.store.readStream(`reservation-${id}`)).map((e) => e.type)).toEqual([
      'ReservationRequested',
      'ReservationRejected',
    ]);
    await toEvsp('REJECTED', id);
  });

  it('dead-letters a Kafka answer the hub cannot take, with the rule', async () => {
    const signed = fx.partnerMessage(cpoKey, {
      topic: STATION_TOPICS.stationCommandsInbound,
      key: 'DEABC',
      value: { type: 'ReservationResponse', reservationId: randomUUID(), result: 'ACCEPTED' },
    });
    await fx.bus.publish([signed]);
    expect(stationDeadLetter(signed.headers[HEADER.messageId])?.headers[HEADER.error]).toMatch(/RESERVATION_NOT_FOUND/);
  });

  it('dead-letters an unsigned or forged Kafka answer with its code, changing nothing', async () => {
    const id = (await reserve()).body.reservationId;
    const answer = { type: 'ReservationResponse', reservationId: id, result: 'REJECTED', reason: 'EVSE_OCCUPIED' };
    const unsigned = randomUUID();
    await fx.bus.publish([
      {
        topic: STATION_TOPICS.stationCommandsInbound,
        key: 'DEABC',
        value: answer,
        headers: { [HEADER.messageId]: unsigned },
      },
    ]);
    const signed = fx.partnerMessage(cpoKey, {
      topic: STATION_TOPICS.stationCommandsInbound,
      key: 'DEABC',
      value: answer,
    });
    const forgedValue = { ...answer, result: 'ACCEPTED' };
    // The body changed after signing (its text too: the bus sends rawValue when a message carries one).
    const forged = { ...signed, value: forgedValue, rawValue: JSON.stringify(forgedValue) };
    await fx.bus.publish([forged]);
    expect(stationDeadLetter(unsigned)?.headers[HEADER.error]).toMatch(/^UNAUTHENTICATED: /);
    expect(stationDeadLetter(forged.headers[HEADER.messageId])?.headers[HEADER.error]).toMatch(/^UNAUTHENTICATED: /);
    expect((await emsp.get(`/v1/reservations/${id}`)).body.status).toBe('PENDING');
    expect((await fx.store.readStream(`reservation-${id}`)).map((e) => e.type)).toEqual(['ReservationRequested']);
    // The forged copy did not use up the message id: the CPO's own message still counts.
    await fx.bus.publish([signed]);
    expect((await emsp.get(`/v1/reservations/${id}`)).body.status).toBe('REJECTED');
  });

  it('expires a request the CPO does not answer in time (a timer from events, not memory), and refuses the late answer', async () => {
    const id = (await reserve()).body.reservationId;
    await settle();
    const { rows } = await fx.db.query(`SELECT kind, due_at FROM station.deadlines WHERE stream_name = $1`, [
      `reservation-${id}`,
    ]);
    expect(rows).toEqual([{ kind: 'reservation.respond', due_at: new Date('2026-03-01T10:01:00.000Z') }]);
    fx.clock.set('2026-03-01T10:01:00.000Z');
    try {
      await fx.fireDeadlines();
      expect((await emsp.get(`/v1/reservations/${id}`)).body.status).toBe('EXPIRED');
      await toCpo('ReservationExpired', id);
      await toEvsp('EXPIRED', id);
      const late = await cpo.post(`/v1/reservations/${id}/response`, { result: 'ACCEPTED' });
      expect(late.status).toBe(409);
      expect(late.body.code).toBe('RESERVATION_CLOSED');
    } finally {
      fx.clock.set('2026-03-01T10:00:00.000Z');
    }
  });

  it('records a no-show when the accepted reservation ends unused, with its fee in the record', async () => {
    const id = (await reserve(undefined, undefined, '2026-03-01T10:20:00Z')).body.reservationId;
    await cpo
      .post(`/v1/reservations/${id}/response`, { result: 'ACCEPTED', fee: { amount: '3.50', currency: 'EUR' } })
      .expect(200);
    await settle();
    fx.clock.set('2026-03-01T10:20:00.000Z');
    try {
      await fx.fireDeadlines();
      expect((await emsp.get(`/v1/reservations/${id}`)).body.status).toBe('NO_SHOW');
      const record = await fx.waitForPublished(
        TOPICS.stationManagementEvents,
        (b) => b.type === 'ReservationEnded' && b.data.reservationId === id,
      );
      expect(JSON.parse(record.rawValue).data).toMatchObject({
        outcome: 'NO_SHOW',
        fee: { amount: '3.50', currency: 'EUR' },
      });
    } finally {
      fx.clock.set('2026-03-01T10:00:00.000Z');
    }
  });

  it('lets the EVSP cancel, telling the CPO; another EVSP sees nothing of it', async () => {
    const id = (await reserve()).body.reservationId;
    expect((await otherEmsp.post(`/v1/reservations/${id}/cancel`)).body.code).toBe('RESERVATION_NOT_FOUND');
    expect((await otherEmsp.get(`/v1/reservations/${id}`)).status).toBe(404);
    const cancelled = await emsp.post(`/v1/reservations/${id}/cancel`);
    expect(cancelled.body.status).toBe('CANCELLED');
    await toCpo('ReservationCancelled', id);
  });

  it('returns the same reservation for a retry with the same Idempotency-Key', async () => {
    const first = await reserve(undefined, undefined, undefined, { 'Idempotency-Key': 'res-retry-1' });
    const retry = await reserve(undefined, undefined, undefined, { 'Idempotency-Key': 'res-retry-1' });
    expect(retry.body.reservationId).toBe(first.body.reservationId);
    expect((await fx.store.readStream(`reservation-${first.body.reservationId}`)).length).toBe(1);
  });

  it.each([
    ['a blocked token', '04BBBBBB', E1, 'TOKEN_BLOCKED'],
    ['an unknown token', '04DDDDDD', E1, 'UNKNOWN_TOKEN'],
    ["another provider's token", '04CCCCCC', E1, 'UNKNOWN_TOKEN'],
    ['an EVSE that takes no reservations', '04A2B3C4D5E6F7', E2, 'RESERVATION_NOT_ALLOWED'],
  ])('the hub refuses %s itself (recorded, not relayed)', async (_c, token, evseId, reason) => {
    const res = await reserve(token, evseId);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'REFUSED', reason });
    await fx.settle('relay:station-management.partners', [RESERVATION_CATEGORY]);
    expect(
      fx.published.some(
        (m) => m.topic === CPO_TOPIC && JSON.parse(m.rawValue).data.reservationId === res.body.reservationId,
      ),
    ).toBe(false);
  });

  it('refuses without an agreement in force (NO_ROAMING_AGREEMENT)', async () => {
    await fx.agreement('agr-1', 'DEABC', 'DE8AA', 'terminated');
    try {
      expect((await reserve()).body).toMatchObject({ status: 'REFUSED', reason: 'NO_ROAMING_AGREEMENT' });
    } finally {
      await fx.agreement('agr-1', 'DEABC', 'DE8AA', 'active');
    }
  });

  it.each([
    [
      'an unknown EVSE',
      { evseId: 'DE*ABC*E99', token: { uid: '04A2B3C4D5E6F7', type: 'RFID' }, reserveUntil: '2026-03-01T10:30:00Z' },
      404,
      'EVSE_UNKNOWN',
    ],
    [
      'a period in the past',
      { evseId: E1, token: { uid: '04A2B3C4D5E6F7', type: 'RFID' }, reserveUntil: '2026-03-01T09:00:00Z' },
      400,
      'RESERVATION_PERIOD_INVALID',
    ],
    [
      'a malformed EVSE id',
      { evseId: 'E1', token: { uid: '04A2B3C4D5E6F7', type: 'RFID' }, reserveUntil: '2026-03-01T10:30:00Z' },
      400,
      'EVSE_ID_INVALID',
    ],
  ])('refuses %s with the rule, storing nothing', async (_c, body, status, code) => {
    const before = await fx.eventCount(RESERVATION_CATEGORY);
    const res = await emsp.post('/v1/reservations', body);
    expect(res.status).toBe(status);
    expect(res.body.code).toBe(code);
    expect(await fx.eventCount(RESERVATION_CATEGORY)).toBe(before);
  });
});
