import type { INestApplication } from '@nestjs/common';
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
} from './support/roaming-charge.scenario';
import { EmbeddedClearingHouse } from './support/embedded-clearing-house';

/**
 * The same roaming charge against the embedded default (`npm start`): every context in one process on PGlite and
 * the in-process bus, no Kafka or PostgreSQL server. Then a restart on the same data directory.
 */
describe('roaming charge on the embedded clearing house (PGlite, in-process bus)', () => {
  const house = new EmbeddedClearingHouse('clearing-house-');
  let app: INestApplication;
  let doors: Doors;
  let world: RoamingWorld;
  let cdrId: string;

  const open = async () => {
    app = await house.open();
    doors = house.doors;
  };

  beforeAll(open, 60_000);
  afterAll(() => house.remove());

  it('serves health and the OpenAPI document', async () => {
    await request(app.getHttpServer()).get('/health/ready').expect(200);
    const docs = await request(app.getHttpServer()).get('/docs-json').expect(200);
    expect(Object.keys(docs.body.paths)).toEqual(
      expect.arrayContaining([
        '/v1/admin/partners',
        '/v1/agreements',
        '/v1/contracts',
        '/v1/authorizations',
        '/v1/cdrs',
      ]),
    );
  });

  it('registers, authorizes and forwards the CDR to the home EVSP', async () => {
    world = await registerRoamingWorld(doors);
    await doors.settleRegistry();
    // The EVSE as station-management would publish it (in-process delivery ends inside publish).
    await publishWorldSite(app.get(MessageBus), world);
    const granted = await authorize(doors, world, world.tokenUid);
    expect(granted).toMatchObject({ status: 'ACCEPTED', emspPartyId: world.emspParty });
    expect(await authorize(doors, world, '04AAAAAAAAAAAA')).toMatchObject({
      status: 'DENIED',
      reason: 'UNKNOWN_TOKEN',
    });
    const cdr = cdrOf(world, granted.authorizationId);
    cdrId = cdr.cdrId;
    await request(doors.cdrs).post('/v1/cdrs').set(bearer(world.cpoKey)).send(cdr).expect(201);
    await waitFor(
      async () => {
        const res = await request(doors.cdrs).get('/v1/cdrs').set(bearer(world.emspKey)).expect(200);
        return res.body.items.find((c: { cdrId: string }) => c.cdrId === cdrId);
      },
      { description: 'the EVSP to list its CDR' },
    );
  });

  it('keeps everything across a restart on the same data directory', async () => {
    await app.close();
    await open();
    const res = await request(doors.cdrs).get('/v1/cdrs').set(bearer(world.emspKey)).expect(200);
    expect(res.body.items.map((c: { cdrId: string }) => c.cdrId)).toContain(cdrId);
    // The registry's keys and the authorization view survived too.
    expect(await authorize(doors, world, world.tokenUid)).toMatchObject({ status: 'ACCEPTED' });
  });
});
