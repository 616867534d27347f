import { HEADER } from '@roaming/messaging';
import { OPERATOR_KEY, RegistryApiFixture, type TestPartner } from '../../testing/registry-api.fixture';

const tariff = (price: string) => ({
  currency: 'EUR',
  vatPercent: '19',
  elements: [
    { priceComponents: [{ type: 'ENERGY', price: '0.29' }], restrictions: { startTime: '22:00', endTime: '06:00' } },
    {
      priceComponents: [
        { type: 'ENERGY', price },
        { type: 'PARKING_TIME', price: '0.10', stepSize: 60 },
      ],
    },
  ],
});

/**
 * CPOs publish versioned tariffs (IEC 63119 UC2-1 "provide tariff information", UC2-2); an agreement may name a
 * negotiated tariff that overrides the public ones for its EVSP; EVSPs read the tariffs that apply to them.
 */
describe('tariffs: publish, versions, negotiated via agreement, read by EVSPs (IEC 63119 UC2-1/UC2-2)', () => {
  let fx: RegistryApiFixture;
  let cpo: TestPartner;
  let evsp: TestPartner;
  let otherEvsp: TestPartner;
  beforeAll(async () => {
    fx = await RegistryApiFixture.start();
    cpo = await fx.partner('Charge Point Operator', ['cpo'], ['DEABC']);
    evsp = await fx.partner('Mobility Provider', ['emsp'], ['NLEVB']);
    otherEvsp = await fx.partner('Other Provider', ['emsp'], ['BEOTH']);
  });
  afterAll(() => fx.close());

  const publish = (tariffId: string, body: object, apiKey = cpo.apiKey) =>
    fx.http().post(`/v1/tariffs/${tariffId}/versions`).set('X-API-Key', apiKey).send(body);
  const applicable = (apiKey: string) =>
    fx.waitFor('the tariff list to catch up', async () => {
      const res = await fx.http().get('/v1/tariffs').set('X-API-Key', apiKey);
      return res.status === 200 ? (res.body as { items: Record<string, unknown>[] }) : undefined;
    });

  it('publishes a tariff version valid from now, checked by the rating model, and publishes TariffPublished', async () => {
    const res = await publish('AC-STANDARD', { tariff: tariff('0.39') });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      cpoPartyId: 'DEABC',
      tariffId: 'AC-STANDARD',
      audience: 'public',
      currentVersion: 1,
      versions: [
        {
          version: 1,
          validFrom: '2026-03-01T10:00:00.000Z',
          publishedAt: '2026-03-01T10:00:00.000Z',
          tariff: {
            currency: 'EUR',
            vatPercent: '19',
            elements: [
              {
                priceComponents: [{ type: 'ENERGY', price: '0.29', stepSize: 1 }],
                restrictions: { startTime: '22:00', endTime: '06:00' },
              },
              {
                priceComponents: [
                  { type: 'ENERGY', price: '0.39', stepSize: 1 },
                  { type: 'PARKING_TIME', price: '0.10', stepSize: 60 },
                ],
              },
            ],
          },
        },
      ],
    });
    const message = await fx.waitForPublished('TariffPublished', (m) => m.body.type === 'TariffPublished');
    expect(message.key).toBe('tariff-DEABC+AC-STANDARD');
    expect(message.headers[HEADER.type]).toBe('TariffPublished');
    expect(message.body.data).toMatchObject({
      cpoPartyId: 'DEABC',
      tariffId: 'AC-STANDARD',
      version: 1,
      audience: 'public',
    });
  });

  it('adds a later version; refuses an earlier one and one starting in the past', async () => {
    const next = await publish('AC-STANDARD', { validFrom: '2026-07-01T00:00:00Z', tariff: tariff('0.42') });
    expect(next.status).toBe(201);
    expect(next.body).toMatchObject({
      currentVersion: 1,
      versions: [{ version: 1 }, { version: 2, validFrom: '2026-07-01T00:00:00.000Z' }],
    });
    const before = await fx.eventCount();
    const earlier = await publish('AC-STANDARD', { validFrom: '2026-05-01T00:00:00Z', tariff: tariff('0.40') });
    expect(earlier.status).toBe(409);
    expect(earlier.body.code).toBe('TARIFF_VERSION_ORDER');
    const past = await publish('DC-FAST', { validFrom: '2026-01-01T00:00:00Z', tariff: tariff('0.59') });
    expect(past.status).toBe(400);
    expect(past.body.code).toBe('TARIFF_VALID_FROM_INVALID');
    const again = await publish('AC-STANDARD', { validFrom: '2026-07-01T00:00:00Z', tariff: tariff('0.42') });
    expect(again.status).toBe(201);
    expect(await fx.eventCount()).toBe(before);
  });

  describe('bad tariffs answer 400 naming the rule, with the field under tariff., and store nothing', () => {
    it.each([
      [
        'a negative price',
        { ...tariff('-0.39') },
        'TARIFF_PRICE_NEGATIVE',
        'tariff.elements.1.priceComponents.0.price',
        'non-negative',
      ],
      [
        'inconsistent kWh bounds',
        {
          ...tariff('0.39'),
          elements: [
            { priceComponents: [{ type: 'ENERGY', price: '0.3' }], restrictions: { minKwh: '20', maxKwh: '10' } },
          ],
        },
        'TARIFF_RESTRICTION_INCONSISTENT',
        'tariff.elements.0.restrictions.maxKwh',
        'min-below-max',
      ],
      [
        'a price as a number',
        { ...tariff('0.39'), minPrice: 1 },
        'TARIFF_PRICE_INVALID',
        'tariff.minPrice',
        'decimal-string',
      ],
      ['no elements', { ...tariff('0.39'), elements: [] }, 'TARIFF_ELEMENTS_INVALID', 'tariff.elements', 'required'],
    ])('%s', async (_case, body, code, field, rule) => {
      const before = await fx.eventCount();
      const res = await publish('BAD', { tariff: body });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code, errors: [{ field, rule, message: expect.any(String) }] });
      expect(await fx.eventCount()).toBe(before);
    });

    it('refuses a malformed tariff id, an EVSP publishing, and a CPO publishing for another party', async () => {
      expect((await publish('has space', { tariff: tariff('0.39') })).body.code).toBe('TARIFF_ID_INVALID');
      expect((await publish('X', { tariff: tariff('0.39') }, evsp.apiKey)).status).toBe(403);
      const foreign = await publish('X', { cpoPartyId: 'FRXYZ', tariff: tariff('0.39') });
      expect(foreign.status).toBe(403);
      expect(foreign.body.code).toBe('PARTY_SCOPE');
    });
  });

  describe('which tariffs apply to an EVSP', () => {
    let agreementId: string;

    it('refuses an agreement naming a tariff the CPO has not published (404 TARIFF_NOT_FOUND)', async () => {
      const before = await fx.eventCount();
      const res = await fx
        .http()
        .post('/v1/agreements')
        .set('X-API-Key', cpo.apiKey)
        .send({ cpoPartyId: 'DEABC', emspPartyId: 'NLEVB', validFrom: '2026-04-01T00:00:00Z', tariffId: 'NOPE' });
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({
        code: 'TARIFF_NOT_FOUND',
        errors: [expect.objectContaining({ field: 'tariffId' })],
      });
      expect(await fx.eventCount()).toBe(before);
    });

    it('shows an EVSP the public tariffs of the CPOs it has an agreement with, then its negotiated one instead', async () => {
      await publish('ROAMING-NLEVB', { audience: 'negotiated', tariff: tariff('0.33') }).expect(201);
      expect((await applicable(evsp.apiKey)).items).toEqual([]);
      const offered = await fx
        .http()
        .post('/v1/agreements')
        .set('X-API-Key', cpo.apiKey)
        .send({ cpoPartyId: 'DEABC', emspPartyId: 'NLEVB', validFrom: '2026-04-01T00:00:00Z' })
        .expect(201);
      agreementId = offered.body.agreementId;
      const publicOnes = await fx.waitFor('the public tariff to apply', async () => {
        const list = await applicable(evsp.apiKey);
        return list.items.length === 1 ? list.items : undefined;
      });
      expect(publicOnes[0]).toMatchObject({
        tariffId: 'AC-STANDARD',
        agreementId,
        negotiated: false,
        currentVersion: 1,
      });

      await fx.http().post(`/v1/agreements/${agreementId}/accept`).set('X-API-Key', evsp.apiKey).expect(200);
      const asked = await fx
        .http()
        .post(`/v1/agreements/${agreementId}/change-requests`)
        .set('X-API-Key', cpo.apiKey)
        .send({ tariffId: 'ROAMING-NLEVB' })
        .expect(201);
      await fx
        .http()
        .post(`/v1/agreements/${agreementId}/requests/${asked.body.pendingRequest.requestId}/accept`)
        .set('X-API-Key', evsp.apiKey)
        .expect(200);
      const negotiated = await fx.waitFor('the negotiated tariff to apply', async () => {
        const list = await applicable(evsp.apiKey);
        return list.items.length === 1 && list.items[0].tariffId === 'ROAMING-NLEVB' ? list.items : undefined;
      });
      expect(negotiated[0]).toMatchObject({ audience: 'negotiated', negotiated: true, agreementId });
    });

    it('shows a negotiated tariff only to its CPO, the EVSPs it applies to and the operator', async () => {
      const read = (apiKey: string) => fx.http().get('/v1/tariffs/DEABC/ROAMING-NLEVB').set('X-API-Key', apiKey);
      expect((await read(cpo.apiKey)).status).toBe(200);
      expect((await read(evsp.apiKey)).status).toBe(200);
      expect(
        (await fx.http().get('/v1/tariffs/DEABC/ROAMING-NLEVB').auth(OPERATOR_KEY, { type: 'bearer' })).status,
      ).toBe(200);
      const other = await read(otherEvsp.apiKey);
      expect(other.status).toBe(404);
      expect(other.body.code).toBe('TARIFF_NOT_FOUND');
    });

    it("lists a CPO's own tariffs by cursor", async () => {
      const first = await fx.http().get('/v1/tariffs/own').query({ limit: 1 }).set('X-API-Key', cpo.apiKey);
      expect(first.body.items.map((t: { tariffId: string }) => t.tariffId)).toEqual(['AC-STANDARD']);
      const second = await fx
        .http()
        .get('/v1/tariffs/own')
        .query({ limit: 1, cursor: first.body.nextCursor })
        .set('X-API-Key', cpo.apiKey);
      expect(second.body).toMatchObject({ items: [{ tariffId: 'ROAMING-NLEVB' }], nextCursor: null });
      expect((await fx.http().get('/v1/tariffs/own').set('X-API-Key', evsp.apiKey)).status).toBe(403);
    });
  });
});
