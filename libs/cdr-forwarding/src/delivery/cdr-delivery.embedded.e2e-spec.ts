import type { INestApplication } from '@nestjs/common';
import type { CdrDeliveryV1, CdrInventoryV1 } from '@roaming/contracts';
import { AuditPublicKey } from '@roaming/event-store/audit';
import { MessageBus } from '@roaming/messaging';
import { waitFor } from '@roaming/testing';
import request from 'supertest';
import {
  authorize,
  bearer,
  cdrOf,
  type Doors,
  registerRoamingWorld,
  type RoamingWorld,
  publishWorldSite,
} from '../../../../test/e2e/support/roaming-charge.scenario';
import { EmbeddedClearingHouse } from '../../../../test/e2e/support/embedded-clearing-house';
import { TestEvspWebhook } from './testing/test-evsp-webhook';
import { verifyWebhookSignature } from './webhook/hub-signature';

/**
 * The embedded default (`npm start`: every context in one process, PGlite under DATA_DIR, in-process bus): the EVSP
 * sets its webhook at the registry, records reach it signed with the hub's key kept under DATA_DIR, survive an EVSP
 * outage and a restart, are acknowledged and disputed, and the inventory balances (GeM 984, IEC 63119-2 6.4.2).
 */
describe('CDR delivery on the embedded clearing house (PGlite, in-process bus)', () => {
  const house = new EmbeddedClearingHouse('clearing-house-cdr-', {
    LOG_LEVEL: 'error',
    CDR_WEBHOOK_BASE_DELAY_MS: '50',
    CDR_WEBHOOK_MAX_DELAY_MS: '300',
    CDR_WEBHOOK_MAX_ATTEMPTS: '2',
    CDR_WEBHOOK_POLL_INTERVAL_MS: '25',
  });
  const operatorKey = house.operatorKey;
  let app: INestApplication;
  let doors: Doors;
  let world: RoamingWorld;
  let evsp: TestEvspWebhook;
  const http = () => request(app.getHttpServer());

  const open = async () => {
    app = await house.open();
    doors = house.doors;
  };
  const sendCdr = async (cdrId: string) => {
    const granted = await authorize(doors, world, world.tokenUid);
    await http()
      .post('/v1/cdrs')
      .set(bearer(world.cpoKey))
      .send(cdrOf(world, granted.authorizationId, cdrId))
      .expect(201);
  };
  const delivery = async (cdrId: string) =>
    (
      (await http().get('/v1/admin/cdr-deliveries').set(bearer(operatorKey)).expect(200)).body.items as CdrDeliveryV1[]
    ).find((d) => d.cdrId === cdrId);

  beforeAll(async () => {
    evsp = await TestEvspWebhook.start();
    await open();
    world = await registerRoamingWorld(doors);
    await http().put('/v1/partner/endpoints').set(bearer(world.emspKey)).send({ webhookUrl: evsp.url }).expect(200);
    await doors.settleRegistry();
    await publishWorldSite(app.get(MessageBus), world);
  }, 120_000);

  afterAll(async () => {
    await house.remove();
    await evsp?.close();
  });

  it('pushes the record to the webhook set at the registry, signed with the published key', async () => {
    await sendCdr('E-1');
    const received = await waitFor(() => evsp.requestsFor(`${world.cpoParty}:E-1`)[0], {
      description: 'E-1 at the EVSP',
      timeoutMs: 20_000,
    });
    const keys = (await http().get('/v1/hub/signing-keys').expect(200)).body as { keys: { publicKey: string }[] };
    const key = AuditPublicKey.parse(keys.keys[0].publicKey);
    const { headers, rawBody } = received;
    expect(
      verifyWebhookSignature(key, String(headers['hub-timestamp']), rawBody, String(headers['hub-signature'])),
    ).toBe(true);
    await waitFor(async () => (await delivery('E-1'))?.state === 'DELIVERED', { description: 'E-1 DELIVERED' });
  });

  it('keeps undelivered records across a restart with the same signing key, and delivers them when the EVSP is back', async () => {
    evsp.mode = 'unavailable';
    await sendCdr('E-2');
    await waitFor(async () => (await delivery('E-2'))?.state === 'UNDELIVERED', {
      description: 'E-2 UNDELIVERED',
      timeoutMs: 20_000,
    });
    const keyBefore = (await http().get('/v1/hub/signing-keys').expect(200)).body.keys[0].keyId as string;
    await app.close();
    evsp.mode = 'up';
    await open();
    expect((await http().get('/v1/hub/signing-keys').expect(200)).body.keys[0].keyId).toBe(keyBefore);
    await waitFor(() => evsp.accepted.has(`${world.cpoParty}:E-2`), {
      description: 'E-2 at the EVSP after the restart',
      timeoutMs: 20_000,
    });
    expect(evsp.accepted.get(`${world.cpoParty}:E-2`)).toBe(1);
  });

  it('acknowledges, disputes and balances the inventory', async () => {
    await http().post(`/v1/cdrs/${world.cpoParty}/E-1/acknowledgement`).set(bearer(world.emspKey)).expect(200);
    await http()
      .post(`/v1/cdrs/${world.cpoParty}/E-2/dispute`)
      .set(bearer(world.emspKey))
      .send({ reasonCode: 'WRONG_TIMES', reason: 'the session ended earlier' })
      .expect(200);
    await http()
      .post(`/v1/cdrs/${world.cpoParty}/E-2/dispute/rejection`)
      .set(bearer(world.cpoKey))
      .send({ reason: 'the meter says otherwise' })
      .expect(200);
    const line = await waitFor(
      async () => {
        const inventory = (await http().get('/v1/cdrs/inventory').set(bearer(world.cpoKey)).expect(200))
          .body as CdrInventoryV1;
        const l = inventory.lines[0];
        return l && l.acknowledged === 1 && l.disputed === 1 && l.delivered === 2 ? l : undefined;
      },
      { description: 'the inventory to show both records', timeoutMs: 20_000 },
    );
    expect(line).toMatchObject({ received: 2, accepted: 2, rejected: 0, pending: 0 });
    expect(line.balanced).toEqual({
      receivedEqualsAcceptedPlusRejected: true,
      acceptedEqualsDeliveredPlusPending: true,
    });
  });
});
