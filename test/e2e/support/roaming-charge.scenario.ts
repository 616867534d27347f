import { TOPICS } from '@roaming/contracts';
import type { MessageBus } from '@roaming/messaging';
import { signPartnerMessage } from '@roaming/platform';
import { Emaid } from '@roaming/shared-kernel';
import { randomBytes, randomUUID } from 'crypto';
import request from 'supertest';
import type { App } from 'supertest/types';

/** The HTTP doors of the three contexts: separate apps in server mode, one app in embedded mode. */
export interface Doors {
  registry: App;
  authorization: App;
  cdrs: App;
  operatorKey: string;
  /** Waits until what the registry recorded so far has reached the other contexts (offsets or checkpoints). */
  settleRegistry(): Promise<void>;
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex').toUpperCase();
/** A party id nobody else in this run uses: DE + a letter + two hex digits. */
const partyId = (letter: string) => `DE${letter}${hex(1)}`;

export interface RoamingWorld {
  cpoParty: string;
  emspParty: string;
  cpoKey: string;
  emspKey: string;
  /** The public ids of the two keys: with the keys, they sign the partners' Kafka messages. */
  cpoKeyId: string;
  emspKeyId: string;
  emaid: string;
  tokenUid: string;
  evseId: string;
  agreementId: string;
}

const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });

/**
 * IEC 63119-2 UC1-1/UC2-x (registration), then the contract registry steps of one roaming charge: a CPO and an EVSP
 * onboarded by the operator, a roaming agreement offered and accepted, an EV contract with an RFID token.
 */
export async function registerRoamingWorld(
  doors: Doors,
  options: {
    /** A negotiated tariff the CPO publishes before the offer, which then names it (IEC 63119 6.4.3). */
    negotiatedTariff?: { tariffId: string; tariff: Record<string, unknown> };
  } = {},
): Promise<RoamingWorld> {
  const cpoParty = partyId('C');
  const emspParty = partyId('E');
  const operator = bearer(doors.operatorKey);

  const cpo = await request(doors.registry)
    .post('/v1/admin/partners')
    .set(operator)
    .send({
      name: 'Charge Point Co',
      roles: ['cpo'],
      partyIds: [`${cpoParty.slice(0, 2)}*${cpoParty.slice(2)}`],
      partnerContractVersion: '2026-01',
    })
    .expect(201);
  expect(cpo.body.partyIds).toEqual([cpoParty]);
  const emsp = await request(doors.registry)
    .post('/v1/admin/partners')
    .set(operator)
    .send({ name: 'Mobility Provider', roles: ['emsp'], partyIds: [emspParty], partnerContractVersion: '2026-01' })
    .expect(201);

  const cpoIssued = (
    await request(doors.registry).post(`/v1/admin/partners/${cpo.body.partnerId}/credentials`).set(operator).expect(201)
  ).body as { apiKey: string; keyId: string };
  const emspIssued = (
    await request(doors.registry)
      .post(`/v1/admin/partners/${emsp.body.partnerId}/credentials`)
      .set(operator)
      .expect(201)
  ).body as { apiKey: string; keyId: string };
  const cpoKey = cpoIssued.apiKey;
  const emspKey = emspIssued.apiKey;
  expect(cpoKey).toBeTruthy();

  const negotiated = options.negotiatedTariff;
  if (negotiated) {
    await request(doors.registry)
      .post(`/v1/tariffs/${negotiated.tariffId}/versions`)
      .set(bearer(cpoKey))
      .send({ audience: 'negotiated', tariff: negotiated.tariff })
      .expect(201);
  }
  const offered = await request(doors.registry)
    .post('/v1/agreements')
    .set(bearer(cpoKey))
    .send({
      cpoPartyId: cpoParty,
      emspPartyId: emspParty,
      validFrom: new Date(Date.now() - 86_400_000).toISOString(),
      ...(negotiated ? { tariffId: negotiated.tariffId } : {}),
    })
    .expect(201);
  expect(offered.body.status).toBe('offered');
  const accepted = await request(doors.registry)
    .post(`/v1/agreements/${offered.body.agreementId}/accept`)
    .set(bearer(emspKey))
    .expect(200);
  expect(accepted.body.status).toBe('active');

  const emaid = Emaid.parse(`${emspParty}C${hex(4)}`).value;
  const tokenUid = `04${hex(6)}`;
  const contract = await request(doors.registry)
    .post('/v1/contracts')
    .set(bearer(emspKey))
    .send({ emaid, tokens: [{ uid: tokenUid, type: 'RFID' }] })
    .expect(201);
  expect(contract.body.emaid).toBe(emaid);

  return {
    cpoParty,
    emspParty,
    cpoKey,
    emspKey,
    cpoKeyId: cpoIssued.keyId,
    emspKeyId: emspIssued.keyId,
    emaid,
    tokenUid,
    evseId: `${cpoParty.slice(0, 2)}*${cpoParty.slice(2)}*E${hex(2)}*1`,
    agreementId: offered.body.agreementId,
  };
}

/**
 * A message as the world's CPO or EVSP produces it on a Kafka door (`topic` without the run's prefix), keyed by its
 * party and signed with its key; in the shape a raw Kafka producer sends. `rawValue` is the body as sent.
 */
export function partnerKafkaMessage(
  world: RoamingWorld,
  sender: 'cpo' | 'emsp',
  topic: string,
  rawValue: string,
  headers: Record<string, string> = {},
): { key: string; value: string; headers: Record<string, string> } {
  const key = sender === 'cpo' ? world.cpoParty : world.emspParty;
  const signer =
    sender === 'cpo'
      ? { apiKey: world.cpoKey, keyId: world.cpoKeyId }
      : { apiKey: world.emspKey, keyId: world.emspKeyId };
  const messageId = headers['message-id'] ?? randomUUID();
  return {
    key,
    value: rawValue,
    headers: {
      ...headers,
      'message-id': messageId,
      ...signPartnerMessage(signer, {
        topic,
        messageId,
        type: headers.type,
        correlationId: headers['correlation-id'],
        key,
        rawValue,
      }),
    },
  };
}

/** IEC 63119-2 UC3-1: the CPO asks the hub at its EVSE; the hub answers from its own view of the registry. */
export async function authorize(doors: Doors, world: RoamingWorld, uid: string) {
  const response = await request(doors.authorization)
    .post('/v1/authorizations')
    .set(bearer(world.cpoKey))
    .send({ evseId: world.evseId, token: { uid, type: 'RFID' } })
    .expect(201);
  return response.body as {
    authorizationId: string;
    status: string;
    reason?: string;
    emspPartyId?: string;
    emaid?: string;
  };
}

/** The CDR of that session (IEC 63119-2 UC3-9, eMI3 UC200), as the CPO posts it. */
/**
 * The SitePublished message station-management would publish for the world's EVSE (50 kW, Europe/Berlin): CDR
 * intake refuses records for EVSEs it does not know (issue 5 part A), and these runs start no station-management.
 */
export function sitePublishedOf(world: RoamingWorld): { key: string; value: string; headers: Record<string, string> } {
  const now = new Date().toISOString();
  const site = {
    cpoPartyId: world.cpoParty,
    siteId: `SITE-${world.cpoParty}`,
    status: 'PUBLISHED',
    name: 'Depot',
    address: { street: 'Hauptstr. 1', postalCode: '10115', city: 'Berlin', country: 'DEU' },
    coordinates: { latitude: '52.5', longitude: '13.4' },
    timeZone: 'Europe/Berlin',
    openingHours: { twentyFourSeven: true, regularHours: [] },
    access: 'PUBLIC',
    energyMix: null,
    loadAreaId: null,
    validFrom: null,
    validUntil: null,
    evses: [
      {
        evseId: world.evseId,
        status: 'PUBLISHED',
        connectors: [],
        maxPowerW: 50_000,
        reservationAllowed: false,
        tariffIds: [],
        physicalReference: null,
      },
    ],
    updatedAt: now,
  };
  const messageId = `${hex(4)}-${hex(2)}-4${hex(2).slice(1)}-8${hex(2).slice(1)}-${hex(6)}`.toLowerCase();
  return {
    key: `station-${world.cpoParty}`,
    value: JSON.stringify({
      type: 'SitePublished',
      schemaVersion: 1,
      occurredAt: now,
      data: { site, changedEvseIds: [world.evseId], withdrawnEvseIds: [] },
    }),
    headers: { 'message-id': messageId, type: 'SitePublished', 'schema-version': '1' },
  };
}

export function cdrOf(world: RoamingWorld, authorizationId: string, cdrId = `CDR-${hex(6)}`) {
  const endedAt = new Date(Date.now() - 60_000);
  const startedAt = new Date(endedAt.getTime() - 45 * 60_000);
  return {
    cdrId,
    evseId: world.evseId,
    emaid: world.emaid,
    tokenUid: world.tokenUid,
    authorizationId,
    startedAt: startedAt.toISOString(),
    endedAt: endedAt.toISOString(),
    energyWh: 18_250,
    totalCost: { amount: '9.13', currency: 'EUR' },
  };
}

/** The world's EVSE published on the in-process bus of an embedded clearing house (delivery ends inside publish). */
export async function publishWorldSite(bus: MessageBus, world: RoamingWorld): Promise<void> {
  const site = sitePublishedOf(world);
  await bus.publish([
    { topic: TOPICS.stationManagementEvents, key: site.key, value: JSON.parse(site.value), headers: site.headers },
  ]);
}

export { bearer, hex };
