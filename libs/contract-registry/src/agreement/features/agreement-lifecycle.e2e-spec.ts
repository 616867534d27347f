import { OPERATOR_KEY, RegistryApiFixture, type TestPartner } from '../../testing/registry-api.fixture';

/**
 * The roaming agreement's whole lifecycle over HTTP, as Green eMotion describes service contracts: two-step change,
 * termination and prolongation (GeM 931, UC 1246/1247/1480/1481, FTR 1397), suspend/resume (1469, UC 1490), decline,
 * and "delete" that deactivates (UC 1513). Every step is an event, readable as the agreement's history, and every
 * status change is published as RoamingAgreementStatusChanged.
 */
describe('roaming agreement lifecycle (GeM 931, 1469, 1397, UC 1513)', () => {
  let fx: RegistryApiFixture;
  let cpo: TestPartner;
  let evsp: TestPartner;
  let stranger: TestPartner;
  beforeAll(async () => {
    fx = await RegistryApiFixture.start();
    cpo = await fx.partner('Charge Point Operator', ['cpo'], ['DEABC']);
    evsp = await fx.partner('Mobility Provider', ['emsp'], ['NLEVB']);
    stranger = await fx.partner('Other CPO', ['cpo'], ['FRXYZ']);
    // An agreement may only name a tariff its CPO has published.
    for (const tariffId of ['NEGOTIATED-2030', 'X', 'T-1', 'RETRY']) {
      await fx
        .http()
        .post(`/v1/tariffs/${tariffId}/versions`)
        .set('X-API-Key', cpo.apiKey)
        .send({
          audience: 'negotiated',
          tariff: {
            currency: 'EUR',
            vatPercent: '19',
            elements: [{ priceComponents: [{ type: 'ENERGY', price: '0.3' }] }],
          },
        })
        .expect(201);
    }
  });
  afterAll(() => fx.close());

  const post = (path: string, apiKey: string, body: object = {}) =>
    fx.http().post(path).set('X-API-Key', apiKey).send(body);
  const get = (id: string, apiKey = cpo.apiKey) => fx.http().get(`/v1/agreements/${id}`).set('X-API-Key', apiKey);
  let period = 0;
  /** A fresh active agreement of DEABC and NLEVB in its own year (from 2100), so that the tests do not overlap. */
  async function activeAgreement(extra: object = {}): Promise<string> {
    const year = 2100 + period++;
    const offered = await post('/v1/agreements', cpo.apiKey, {
      cpoPartyId: 'DEABC',
      emspPartyId: 'NLEVB',
      validFrom: `${year}-01-01T00:00:00Z`,
      validUntil: `${year}-07-01T00:00:00Z`,
      ...extra,
    });
    expect(offered.status).toBe(201);
    const accepted = await post(`/v1/agreements/${offered.body.agreementId}/accept`, evsp.apiKey);
    expect(accepted.status).toBe(200);
    return offered.body.agreementId as string;
  }
  /** The statuses published for the agreement so far, once there are `count` of them. */
  const publishedStatuses = (agreementId: string, count: number) =>
    fx.waitFor(`${count} messages about ${agreementId}`, () => {
      const statuses = fx.published
        .filter((m) => m.key === `agreement-${agreementId}`)
        .map((m) => (JSON.parse(m.rawValue) as { data: { lifecycleStatus: string } }).data.lifecycleStatus);
      return statuses.length >= count ? statuses : undefined;
    });

  describe('two-step change (GeM UC 1246 request, UC 1247 confirm)', () => {
    it('the EVSP asks for a negotiated tariff, the CPO accepts, and the tariff applies', async () => {
      const id = await activeAgreement();
      const asked = await post(`/v1/agreements/${id}/change-requests`, evsp.apiKey, {
        tariffId: 'NEGOTIATED-2030',
        reason: 'volume discount',
      });
      expect(asked.status).toBe(201);
      expect(asked.body).toMatchObject({
        status: 'active',
        tariffId: null,
        pendingRequest: {
          requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
          kind: 'change',
          requestedBy: 'emsp',
          changes: { tariffId: 'NEGOTIATED-2030' },
          reason: 'volume discount',
        },
      });
      const requestId = asked.body.pendingRequest.requestId as string;

      const own = await post(`/v1/agreements/${id}/requests/${requestId}/accept`, evsp.apiKey);
      expect(own.status).toBe(403);
      expect(own.body.code).toBe('AGREEMENT_REQUEST_OWN');

      const accepted = await post(`/v1/agreements/${id}/requests/${requestId}/accept`, cpo.apiKey);
      expect(accepted.status).toBe(200);
      expect(accepted.body).toMatchObject({ status: 'active', tariffId: 'NEGOTIATED-2030', pendingRequest: null });

      const message = await fx.waitForPublished(
        'the changed agreement',
        (m) => m.key === `agreement-${id}` && m.body.data.tariffId === 'NEGOTIATED-2030',
      );
      expect(message.body).toMatchObject({
        type: 'RoamingAgreementStatusChanged',
        data: { agreementId: id, status: 'active', lifecycleStatus: 'active', tariffId: 'NEGOTIATED-2030' },
      });

      const history = (await get(id)).body.history;
      expect(history.map((h: { type: string }) => h.type)).toEqual([
        'RoamingAgreementOffered',
        'RoamingAgreementAccepted',
        'RoamingAgreementRequestMade',
        'RoamingAgreementChanged',
      ]);
      expect(history[2]).toMatchObject({
        actor: 'NLEVB',
        details: { requestId, kind: 'change', requestedBy: 'emsp', changes: { tariffId: 'NEGOTIATED-2030' } },
      });
      expect(history[3]).toMatchObject({ actor: 'DEABC', details: { requestId, kind: 'change', status: 'active' } });
    });

    it('refuses a second request while one is pending, and a change that changes nothing', async () => {
      const id = await activeAgreement();
      const first = await post(`/v1/agreements/${id}/termination-requests`, cpo.apiKey);
      expect(first.status).toBe(201);
      const before = await fx.eventCount();
      const second = await post(`/v1/agreements/${id}/change-requests`, evsp.apiKey, { tariffId: 'X' });
      expect(second.status).toBe(409);
      expect(second.body).toMatchObject({
        code: 'AGREEMENT_REQUEST_PENDING',
        pendingRequestId: first.body.pendingRequest.requestId,
      });
      const nothing = await post(`/v1/agreements/${id}/change-requests`, evsp.apiKey, {});
      expect(nothing.status).toBe(400);
      expect(nothing.body.code).toBe('AGREEMENT_CHANGE_INVALID');
      expect(await fx.eventCount()).toBe(before);
    });

    it('the other party declines: the agreement stays as it was, the history keeps the request', async () => {
      const id = await activeAgreement();
      const asked = await post(`/v1/agreements/${id}/change-requests`, cpo.apiKey, { validUntil: null });
      const requestId = asked.body.pendingRequest.requestId as string;
      const declined = await post(`/v1/agreements/${id}/requests/${requestId}/decline`, evsp.apiKey, {
        reason: 'no open end',
      });
      expect(declined.status).toBe(200);
      expect(declined.body).toMatchObject({ pendingRequest: null, validUntil: expect.stringMatching(/-07-01T/) });
      const again = await post(`/v1/agreements/${id}/requests/${requestId}/decline`, evsp.apiKey);
      expect(again.status).toBe(200);
      const accept = await post(`/v1/agreements/${id}/requests/${requestId}/accept`, evsp.apiKey);
      expect(accept.status).toBe(404);
      expect(accept.body.code).toBe('AGREEMENT_REQUEST_NOT_FOUND');
    });

    it('the requester withdraws its pending request; the other party cannot (GeM 931 note)', async () => {
      const id = await activeAgreement();
      const asked = await post(`/v1/agreements/${id}/change-requests`, cpo.apiKey, { tariffId: 'T-1' });
      const requestId = asked.body.pendingRequest.requestId as string;
      const foreign = await post(`/v1/agreements/${id}/requests/${requestId}/withdraw`, evsp.apiKey);
      expect(foreign.status).toBe(403);
      expect(foreign.body.code).toBe('AGREEMENT_REQUEST_NOT_YOURS');
      const withdrawn = await post(`/v1/agreements/${id}/requests/${requestId}/withdraw`, cpo.apiKey);
      expect(withdrawn.status).toBe(200);
      expect(withdrawn.body.pendingRequest).toBeNull();
    });

    it('keeps one request for a retried call with the same Idempotency-Key', async () => {
      const id = await activeAgreement();
      const send = () =>
        fx
          .http()
          .post(`/v1/agreements/${id}/change-requests`)
          .set('X-API-Key', evsp.apiKey)
          .set('Idempotency-Key', `change-${id}`)
          .send({ tariffId: 'RETRY' });
      const first = await send();
      const before = await fx.eventCount();
      const second = await send();
      expect(second.status).toBe(201);
      expect(second.body.pendingRequest.requestId).toBe(first.body.pendingRequest.requestId);
      expect(await fx.eventCount()).toBe(before);
    });
  });

  describe('prolongation (GeM FTR 1397) and the pair period', () => {
    it('prolongs on acceptance, unless the new period would overlap the next agreement of the pair', async () => {
      const id = await activeAgreement();
      const year = 2100 + period - 1;
      const next = await post('/v1/agreements', cpo.apiKey, {
        cpoPartyId: 'DEABC',
        emspPartyId: 'NLEVB',
        validFrom: `${year}-09-01T00:00:00Z`,
        validUntil: `${year}-12-01T00:00:00Z`,
      });
      expect(next.status).toBe(201);

      const tooFar = await post(`/v1/agreements/${id}/prolongation-requests`, evsp.apiKey, {
        validUntil: `${year}-10-01T00:00:00Z`,
      });
      expect(tooFar.status).toBe(201);
      const before = await fx.eventCount();
      const refused = await post(
        `/v1/agreements/${id}/requests/${tooFar.body.pendingRequest.requestId}/accept`,
        cpo.apiKey,
      );
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ code: 'AGREEMENT_OVERLAP', conflictingAgreementId: next.body.agreementId });
      expect(await fx.eventCount()).toBe(before);
      await post(`/v1/agreements/${id}/requests/${tooFar.body.pendingRequest.requestId}/withdraw`, evsp.apiKey);

      const fits = await post(`/v1/agreements/${id}/prolongation-requests`, evsp.apiKey, {
        validUntil: `${year}-09-01T00:00:00Z`,
      });
      const prolonged = await post(
        `/v1/agreements/${id}/requests/${fits.body.pendingRequest.requestId}/accept`,
        cpo.apiKey,
      );
      expect(prolonged.status).toBe(200);
      expect(prolonged.body.validUntil).toBe(`${year}-09-01T00:00:00.000Z`);
    });

    it('refuses a prolongation that is not later than the current end (400, nothing stored)', async () => {
      const id = await activeAgreement();
      const year = 2100 + period - 1;
      const before = await fx.eventCount();
      const res = await post(`/v1/agreements/${id}/prolongation-requests`, evsp.apiKey, {
        validUntil: `${year}-03-01T00:00:00Z`,
      });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('AGREEMENT_PROLONGATION_INVALID');
      expect(await fx.eventCount()).toBe(before);
      const missing = await post(`/v1/agreements/${id}/prolongation-requests`, evsp.apiKey, {});
      expect(missing.status).toBe(400);
      expect(missing.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'validUntil' })]));
    });
  });

  describe('termination (GeM UC 1480/1481)', () => {
    it('ends the agreement on acceptance, publishes terminated, and frees the rest of its period', async () => {
      fx.clock.set('2040-03-01T00:00:00.000Z');
      try {
        const offered = await post('/v1/agreements', cpo.apiKey, {
          cpoPartyId: 'DEABC',
          emspPartyId: 'NLEVB',
          validFrom: '2040-01-01T00:00:00Z',
          validUntil: '2041-01-01T00:00:00Z',
        });
        const id = offered.body.agreementId as string;
        await post(`/v1/agreements/${id}/accept`, evsp.apiKey);
        const asked = await post(`/v1/agreements/${id}/termination-requests`, evsp.apiKey, { reason: 'moving on' });
        const ended = await post(
          `/v1/agreements/${id}/requests/${asked.body.pendingRequest.requestId}/accept`,
          cpo.apiKey,
        );
        expect(ended.status).toBe(200);
        expect(ended.body).toMatchObject({ status: 'terminated', validUntil: '2040-03-01T00:00:00.000Z' });
        const message = await fx.waitForPublished(
          'the termination',
          (m) => m.key === `agreement-${id}` && m.body.data.status === 'terminated',
        );
        expect(message.body.data).toMatchObject({
          lifecycleStatus: 'terminated',
          validUntil: '2040-03-01T00:00:00.000Z',
        });

        const follower = await post('/v1/agreements', cpo.apiKey, {
          cpoPartyId: 'DEABC',
          emspPartyId: 'NLEVB',
          validFrom: '2040-03-01T00:00:00Z',
          validUntil: '2041-01-01T00:00:00Z',
        });
        expect(follower.status).toBe(201);
        const afterEnd = await post(`/v1/agreements/${id}/suspend`, cpo.apiKey);
        expect(afterEnd.status).toBe(409);
        expect(afterEnd.body.code).toBe('AGREEMENT_NOT_IN_FORCE');
      } finally {
        fx.clock.set('2026-03-01T10:00:00.000Z');
      }
    });
  });

  describe('suspend and resume (GeM 1469, UC 1490)', () => {
    it('lets either party suspend and only the suspending party resume', async () => {
      const id = await activeAgreement();
      const suspended = await post(`/v1/agreements/${id}/suspend`, evsp.apiKey, { reason: 'billing dispute' });
      expect(suspended.status).toBe(200);
      expect(suspended.body.status).toBe('suspended');
      expect((await get(id)).body.suspendedBy).toBe('emsp');

      const byCpo = await post(`/v1/agreements/${id}/resume`, cpo.apiKey);
      expect(byCpo.status).toBe(403);
      expect(byCpo.body.code).toBe('AGREEMENT_RESUME_NOT_ALLOWED');
      const resumed = await post(`/v1/agreements/${id}/resume`, evsp.apiKey);
      expect(resumed.status).toBe(200);
      expect(resumed.body.status).toBe('active');
      expect(await publishedStatuses(id, 4)).toEqual(['offered', 'active', 'suspended', 'active']);
    });

    it('answers 404 to a stranger and 409 for an offer', async () => {
      const id = await activeAgreement();
      const hidden = await post(`/v1/agreements/${id}/suspend`, stranger.apiKey);
      expect(hidden.status).toBe(404);
      const offer = await post('/v1/agreements', cpo.apiKey, {
        cpoPartyId: 'DEABC',
        emspPartyId: 'NLEVB',
        validFrom: '2060-01-01T00:00:00Z',
        validUntil: '2061-01-01T00:00:00Z',
      });
      expect(offer.status).toBe(201);
      const early = await post(`/v1/agreements/${offer.body.agreementId}/suspend`, cpo.apiKey);
      expect(early.status).toBe(409);
      expect(early.body.code).toBe('AGREEMENT_NOT_IN_FORCE');
      await fx.http().delete(`/v1/agreements/${offer.body.agreementId}`).set('X-API-Key', cpo.apiKey).expect(200);
    });
  });

  describe('decline and "delete" (GeM UC 1513: deactivate, keep the history)', () => {
    it('the EVSP declines an offer: published as terminated (lifecycle declined), its period free again', async () => {
      const offer = await post('/v1/agreements', cpo.apiKey, {
        cpoPartyId: 'DEABC',
        emspPartyId: 'NLEVB',
        validFrom: '2050-01-01T00:00:00Z',
        validUntil: '2051-01-01T00:00:00Z',
      });
      const id = offer.body.agreementId as string;
      const byCpo = await post(`/v1/agreements/${id}/decline`, cpo.apiKey);
      expect(byCpo.status).toBe(403);
      const declined = await post(`/v1/agreements/${id}/decline`, evsp.apiKey, { reason: 'prices' });
      expect(declined.status).toBe(200);
      expect(declined.body.status).toBe('declined');
      const message = await fx.waitForPublished(
        'the declined offer',
        (m) => m.key === `agreement-${id}` && m.body.data.lifecycleStatus === 'declined',
      );
      expect(message.body.data.status).toBe('terminated');
      const again = await post('/v1/agreements', cpo.apiKey, {
        cpoPartyId: 'DEABC',
        emspPartyId: 'NLEVB',
        validFrom: '2050-01-01T00:00:00Z',
        validUntil: '2051-01-01T00:00:00Z',
      });
      expect(again.status).toBe(201);
      await fx.http().delete(`/v1/agreements/${again.body.agreementId}`).set('X-API-Key', evsp.apiKey).expect(200);
    });

    it('refuses a party deleting an agreement in force; the operator deactivates it, history kept', async () => {
      const id = await activeAgreement();
      const before = await fx.eventCount();
      const byParty = await fx.http().delete(`/v1/agreements/${id}`).set('X-API-Key', cpo.apiKey);
      expect(byParty.status).toBe(409);
      expect(byParty.body.code).toBe('AGREEMENT_IN_FORCE');
      expect(await fx.eventCount()).toBe(before);

      const byOperator = await fx
        .http()
        .delete(`/v1/agreements/${id}`)
        .auth(OPERATOR_KEY, { type: 'bearer' })
        .send({ reason: 'contract breach' });
      expect(byOperator.status).toBe(200);
      expect(byOperator.body.status).toBe('deactivated');
      const read = await get(id, evsp.apiKey);
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({ status: 'deactivated', endedAt: '2026-03-01T10:00:00.000Z' });
      expect(read.body.history.at(-1)).toMatchObject({
        type: 'RoamingAgreementDeactivated',
        actor: 'operator',
        details: { deactivatedBy: 'operator', previousStatus: 'active', reason: 'contract breach' },
      });
      const message = await fx.waitForPublished(
        'the deactivation',
        (m) => m.key === `agreement-${id}` && m.body.data.lifecycleStatus === 'deactivated',
      );
      expect(message.body.data.status).toBe('terminated');
      const again = await fx.http().delete(`/v1/agreements/${id}`).set('X-API-Key', cpo.apiKey);
      expect(again.status).toBe(200);
    });

    it('answers 400 for malformed ids and unknown fields', async () => {
      const id = await activeAgreement();
      expect((await post('/v1/agreements/nope/suspend', cpo.apiKey)).body.code).toBe('AGREEMENT_ID_INVALID');
      expect((await post(`/v1/agreements/${id}/requests/nope/accept`, cpo.apiKey)).body.code).toBe(
        'AGREEMENT_REQUEST_ID_INVALID',
      );
      const unknown = await post(`/v1/agreements/${id}/termination-requests`, cpo.apiKey, { when: 'now' });
      expect(unknown.status).toBe(400);
      expect(unknown.body.code).toBe('REQUEST_INVALID');
    });
  });
});
