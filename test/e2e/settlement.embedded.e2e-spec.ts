import type { INestApplication } from '@nestjs/common';
import { MessageBus } from '@roaming/messaging';
import { waitFor } from '@roaming/testing';
import request from 'supertest';
import {
  authorize,
  bearer,
  type Doors,
  hex,
  registerRoamingWorld,
  type RoamingWorld,
  publishWorldSite,
} from './support/roaming-charge.scenario';
import { EmbeddedClearingHouse } from './support/embedded-clearing-house';

/**
 * Issue 6 "done when": a record accepted by cdr-forwarding (over its REST door) is priced by settlement under the
 * CPO's tariff published in the registry, lands in the agreement's statement, the operator closes the period, issues
 * the invoice and sees the netting — every context in the embedded clearing house, meeting only on topics.
 */
describe('settlement on the embedded clearing house: CDR accepted → priced → statement closed → invoice → netting', () => {
  const house = new EmbeddedClearingHouse('clearing-house-settlement-');
  let app: INestApplication;
  let doors: Doors;
  let world: RoamingWorld;
  const operator = () => bearer(house.operatorKey);

  beforeAll(async () => {
    app = await house.open();
    doors = house.doors;
    world = await registerRoamingWorld(doors);
    await publishWorldSite(app.get(MessageBus), world);
  }, 60_000);

  afterAll(() => house.remove());

  it('IEC 63119 6.4.3 / UC3-5: the forwarded CDR is rated under the CPO’s public tariff and closed into a statement, invoice and netting', async () => {
    const tariff = await request(app.getHttpServer())
      .post('/v1/tariffs/AC-STD/versions')
      .set(bearer(world.cpoKey))
      .send({
        tariff: {
          currency: 'EUR',
          vatPercent: '19',
          elements: [{ priceComponents: [{ type: 'ENERGY', price: '0.50' }] }],
        },
      });
    expect(tariff.status).toBe(201);
    await doors.settleRegistry();

    const granted = await authorize(doors, world, world.tokenUid);
    expect(granted).toMatchObject({ status: 'ACCEPTED' });
    // The session starts once the tariff is in force (a tariff is never retroactive) and, as intake refuses records
    // from the future (CDR_IN_FUTURE, 5 min skew), it lasts 4 minutes: 2 kWh, within the EVSE's 50 kW.
    const startedAt = new Date(Math.max(Date.now(), Date.parse(tariff.body.versions.at(-1).validFrom) + 1000));
    const cdrId = `CDR-${hex(6)}`;
    const cdr = {
      cdrId,
      evseId: world.evseId,
      emaid: world.emaid,
      tokenUid: world.tokenUid,
      authorizationId: granted.authorizationId,
      startedAt: startedAt.toISOString(),
      endedAt: new Date(startedAt.getTime() + 4 * 60_000).toISOString(),
      energyWh: 2_000,
      totalCost: { amount: '1.19', currency: 'EUR' },
    };
    await request(app.getHttpServer()).post('/v1/cdrs').set(bearer(world.cpoKey)).send(cdr).expect(201);

    const month = startedAt.toISOString().slice(0, 7);
    const statementId = `${world.agreementId}+M${month}-01`;
    const statement = await waitFor(
      async () => {
        const res = await request(app.getHttpServer()).get(`/v1/statements/${statementId}`).set(bearer(world.emspKey));
        return res.status === 200 && res.body.lines.some((l: { cdrId: string }) => l.cdrId === cdrId)
          ? res.body
          : undefined;
      },
      { description: 'the record priced into the agreement’s statement', timeoutMs: 20_000 },
    );
    expect(statement.lines).toEqual([
      expect.objectContaining({ cdrId, kind: 'RECORD', amountExclVat: '1.00', vat: '0.19', amountInclVat: '1.19' }),
    ]);

    const closed = await request(app.getHttpServer())
      .post(`/v1/admin/settlement/statements/${statementId}/close`)
      .set(operator());
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({
      status: 'CLOSED',
      totals: [{ currency: 'EUR', records: 1, amountInclVat: '1.19' }],
    });

    const invoice = await request(app.getHttpServer())
      .post(`/v1/admin/settlement/statements/${statementId}/invoice`)
      .set(operator());
    expect(invoice.status).toBe(201);
    expect(invoice.body).toMatchObject({ issuerPartyId: world.cpoParty, recipientPartyId: world.emspParty });
    const csv = await request(app.getHttpServer())
      .get(`/v1/invoices/${invoice.body.invoiceNumber}?format=csv`)
      .set(bearer(world.emspKey));
    expect(csv.status).toBe(200);
    expect(csv.text).toContain(cdrId);

    const netting = await request(app.getHttpServer()).get('/v1/admin/settlement/netting?currency=EUR').set(operator());
    expect(netting.status).toBe(200);
    expect(netting.body.verification).toEqual({ ok: true });
    const positions = netting.body.result.currencies[0].positions;
    expect(positions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ partyId: world.cpoParty, net: '1.19' }),
        expect.objectContaining({ partyId: world.emspParty, net: '-1.19' }),
      ]),
    );
  });
});
