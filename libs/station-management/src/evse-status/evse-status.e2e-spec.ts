import { partnerOutboundTopic, STATION_TOPICS } from '@roaming/contracts';
import { deadLetterTopic, HEADER } from '@roaming/messaging';
import { randomUUID } from 'crypto';
import { SITE_CATEGORY } from '../site/domain';
import { SITES_PROJECTION_ID } from '../site/projections/sites/sites.projection';
import { aSite, StationApiFixture } from '../testing/station-api.fixture';
import { EVSE_STATUS_FEED_CATEGORY } from './domain';
import { LATEST_STATUS_PROJECTION_ID } from './projections/latest-status/latest-status.projection';

const EVSP_TOPIC = partnerOutboundTopic('DE8AA');
const DLQ = deadLetterTopic(STATION_TOPICS.evseStatusInbound);
const EVSES = Array.from({ length: 120 }, (_, i) => `DE*ABC*E${1000 + i}`);
const [E1, E2, E3] = EVSES;

describe('dynamic EVSE status (IEC 63119-2 UC1-3, eMI3 UCE U) over REST and Kafka', () => {
  let fx: StationApiFixture;
  let cpo: ReturnType<StationApiFixture['as']>;
  let otherCpo: ReturnType<StationApiFixture['as']>;
  let emsp: ReturnType<StationApiFixture['as']>;
  let cpoKey: string;
  let emspKey: string;

  beforeAll(async () => {
    fx = await StationApiFixture.start({ observe: [EVSP_TOPIC], config: { statusFreshnessSeconds: 60 } });
    cpoKey = await fx.partnerWithKey('cpo-abc', ['cpo'], ['DEABC']);
    cpo = fx.as(cpoKey);
    otherCpo = fx.as(await fx.partnerWithKey('cpo-xyz', ['cpo'], ['DEXYZ']));
    emspKey = await fx.partnerWithKey('emsp-8aa', ['emsp'], ['DE8AA']);
    emsp = fx.as(emspKey);
    await fx.agreement('agr-1', 'DEABC', 'DE8AA');
    await cpo.put('/v1/operators/DEABC/sites/HH-1', aSite(EVSES)).expect(200);
    await otherCpo.put('/v1/operators/DEXYZ/sites/X-1', aSite(['DE*XYZ*E1'])).expect(200);
    await fx.settle(SITES_PROJECTION_ID, [SITE_CATEGORY]);
  });

  afterAll(async () => {
    await fx?.close();
  });

  const settle = () => fx.settle(LATEST_STATUS_PROJECTION_ID, [EVSE_STATUS_FEED_CATEGORY]);
  const lookup = async (ids: string[], query = '') =>
    (await emsp.post(`/v1/evse-statuses/lookup${query}`, { evseIds: ids })).body;

  /** Signed with `signer` (DEABC's key unless told), as a CPO's producer sends it; `null` sends it unsigned. */
  async function sendOnKafka(
    key: string | null,
    body: unknown,
    messageId: string = randomUUID(),
    signer: string | null = cpoKey,
  ): Promise<string> {
    const draft = { topic: STATION_TOPICS.evseStatusInbound, key: key as string, value: body, messageId };
    await fx.bus.publish([
      signer ? fx.partnerMessage(signer, draft) : { ...draft, headers: { [HEADER.messageId]: messageId } },
    ]);
    return messageId;
  }
  const deadLetter = (messageId: string) =>
    fx.bus.deadLetters(DLQ).find((m) => m.headers[HEADER.messageId] === messageId);

  it('UC1-3: a CPO reports statuses over REST; the EVSP reads them with their age', async () => {
    const res = await cpo.post('/v1/evse-statuses', {
      statuses: [
        { evseId: E1, status: 'CHARGING', observedAt: '2026-03-01T09:59:50Z' },
        { evseId: 'de*abc*e1001', status: 'AVAILABLE' },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ accepted: 2 });
    await settle();
    const body = await lookup([E1, E2, E3]);
    expect(body.statuses).toEqual([
      {
        evseId: E1,
        status: 'CHARGING',
        reportedStatus: 'CHARGING',
        observedAt: '2026-03-01T09:59:50.000Z',
        ageSeconds: 10,
        stale: false,
        outage: null,
      },
      {
        evseId: E2,
        status: 'AVAILABLE',
        reportedStatus: 'AVAILABLE',
        observedAt: '2026-03-01T10:00:00.000Z',
        ageSeconds: 0,
        stale: false,
        outage: null,
      },
      {
        evseId: E3,
        status: 'UNKNOWN',
        reportedStatus: 'UNKNOWN',
        observedAt: null,
        ageSeconds: null,
        stale: true,
        outage: null,
      },
    ]);
    expect(body.freshnessSeconds).toBe(60);
  });

  it('eMI3 UCE U: a status older than 60 s is reported as stale, and the freshness can be asked per call', async () => {
    fx.clock.advance(61_000);
    try {
      const body = await lookup([E1, E2]);
      expect(body.statuses.map((s: { stale: boolean }) => s.stale)).toEqual([true, true]);
      expect(body.statuses[0].ageSeconds).toBe(71);
      const lenient = await lookup([E1], '?maxAgeSeconds=120');
      expect(lenient.statuses[0].stale).toBe(false);
    } finally {
      fx.clock.advance(-61_000);
    }
  });

  it('answers 120 ids in one call; ids of other operators or no site come back as unknown', async () => {
    const body = await lookup([...EVSES, 'DE*XYZ*E1', 'DE*ABC*E9999']);
    expect(body.statuses).toHaveLength(120);
    expect(body.unknownEvseIds).toEqual(['DE*XYZ*E1', 'DE*ABC*E9999']);
    const viaGet = await emsp.get(`/v1/evse-statuses?evseIds=${encodeURIComponent(`${E1},${E2}`)}`);
    expect(viaGet.status).toBe(200);
    expect(viaGet.body.statuses.map((s: { evseId: string }) => s.evseId)).toEqual([E1, E2]);
  });

  it('keeps the newest observation when an older report arrives late', async () => {
    await cpo
      .post('/v1/evse-statuses', {
        statuses: [{ evseId: E3, status: 'OUT_OF_ORDER', observedAt: '2026-03-01T09:59:00Z' }],
      })
      .expect(200);
    await cpo
      .post('/v1/evse-statuses', {
        statuses: [{ evseId: E3, status: 'AVAILABLE', observedAt: '2026-03-01T09:58:00Z' }],
      })
      .expect(200);
    await settle();
    expect((await lookup([E3])).statuses[0]).toMatchObject({
      status: 'OUT_OF_ORDER',
      observedAt: '2026-03-01T09:59:00.000Z',
    });
  });

  it.each([
    ['an unknown status value', { evseId: E1, status: 'FREE' }, 400, 'EVSE_STATUS_UNKNOWN'],
    ['an unknown EVSE', { evseId: 'DE*ABC*E9999', status: 'AVAILABLE' }, 404, 'EVSE_UNKNOWN'],
    ["another operator's EVSE", { evseId: 'DE*XYZ*E1', status: 'AVAILABLE' }, 403, 'EVSE_NOT_OWNED'],
    ['a malformed EVSE id', { evseId: 'E1', status: 'AVAILABLE' }, 400, 'EVSE_ID_INVALID'],
  ])(
    'REST refuses %s with the rule and stores nothing, not even the valid reports of the call',
    async (_c, bad, status, code) => {
      const before = await fx.eventCount(EVSE_STATUS_FEED_CATEGORY);
      const res = await cpo.post('/v1/evse-statuses', { statuses: [{ evseId: E1, status: 'AVAILABLE' }, bad] });
      expect(res.status).toBe(status);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.code).toBe(code);
      expect(await fx.eventCount(EVSE_STATUS_FEED_CATEGORY)).toBe(before);
    },
  );

  it('records a REST retry with the same Idempotency-Key once', async () => {
    const before = await fx.eventCount(EVSE_STATUS_FEED_CATEGORY);
    const call = { statuses: [{ evseId: E2, status: 'OCCUPIED' }] };
    await cpo.post('/v1/evse-statuses', call, { 'Idempotency-Key': 'status-retry-1' }).expect(200);
    await cpo.post('/v1/evse-statuses', call, { 'Idempotency-Key': 'status-retry-1' }).expect(200);
    expect(await fx.eventCount(EVSE_STATUS_FEED_CATEGORY)).toBe(before + 1);
  });

  it('Kafka door: records a report, once however often it is delivered, and pushes the change to the EVSP', async () => {
    const messageId = await sendOnKafka('DE*ABC', {
      evseId: EVSES[10],
      status: 'RESERVED',
      observedAt: '2026-03-01T09:59:59Z',
    });
    const before = await fx.eventCount(EVSE_STATUS_FEED_CATEGORY);
    await sendOnKafka(
      'DEABC',
      { evseId: EVSES[10], status: 'RESERVED', observedAt: '2026-03-01T09:59:59Z' },
      messageId,
    );
    expect(await fx.eventCount(EVSE_STATUS_FEED_CATEGORY)).toBe(before);
    await settle();
    expect((await lookup([EVSES[10]])).statuses[0]).toMatchObject({ status: 'RESERVED', ageSeconds: 1 });
    const pushed = await fx.waitForPublished(
      EVSP_TOPIC,
      (b) => b.type === 'EvseStatusesChanged' && JSON.stringify(b.data).includes(EVSES[10]),
    );
    expect(JSON.parse(pushed.rawValue).data).toEqual({
      operatorPartyId: 'DEABC',
      statuses: [{ evseId: EVSES[10], status: 'RESERVED', observedAt: '2026-03-01T09:59:59.000Z' }],
    });
  });

  // The signer of each report: the reporting CPO's key, an EVSP's key, or none (unsigned).
  it.each<[string, string | null, unknown, RegExp, 'cpo' | 'emsp' | 'unsigned']>([
    ['an unknown status value', 'DEABC', { evseId: E1, status: 'FREE' }, /EVSE_STATUS_UNKNOWN/, 'cpo'],
    ['an unknown EVSE', 'DEABC', { evseId: 'DE*ABC*E9999', status: 'AVAILABLE' }, /EVSE_UNKNOWN/, 'cpo'],
    ["another operator's EVSE", 'DEABC', { evseId: 'DE*XYZ*E1', status: 'AVAILABLE' }, /EVSE_NOT_OWNED/, 'cpo'],
    ['a body that is not an object', 'DEABC', 'AVAILABLE', /STATUS_REPORT_INVALID/, 'cpo'],
    ['an unsigned report', 'DEABC', { evseId: E1, status: 'AVAILABLE' }, /^UNAUTHENTICATED: /, 'unsigned'],
    [
      'a report keyed as a party no partner holds',
      'FRUNK',
      { evseId: E1, status: 'AVAILABLE' },
      /^PARTY_NOT_OWNED: /,
      'cpo',
    ],
    [
      'a report impersonating another CPO',
      'DEXYZ',
      { evseId: 'DE*XYZ*E1', status: 'AVAILABLE' },
      /^PARTY_NOT_OWNED: /,
      'cpo',
    ],
    ['a report without a key', null, { evseId: E1, status: 'AVAILABLE' }, /^PARTY_NOT_OWNED: /, 'cpo'],
    ['a report signed by an EVSP', 'DE8AA', { evseId: E1, status: 'AVAILABLE' }, /^ROLE_REQUIRED: /, 'emsp'],
  ])('Kafka door dead-letters %s with the rule and records nothing', async (_c, key, body, reason, signer) => {
    const before = await fx.eventCount(EVSE_STATUS_FEED_CATEGORY);
    const signerKey = signer === 'unsigned' ? null : signer === 'emsp' ? emspKey : cpoKey;
    const messageId = await sendOnKafka(key, body, randomUUID(), signerKey);
    const letter = deadLetter(messageId);
    expect(letter?.headers[HEADER.error]).toMatch(reason);
    expect(letter?.headers[HEADER.consumerGroup]).toBe('station-management.evse-status');
    expect(await fx.eventCount(EVSE_STATUS_FEED_CATEGORY)).toBe(before);
  });
});
