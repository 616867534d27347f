import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { type PartnerRole, type SiteV1, TOPICS } from '@roaming/contracts';
import { Database, EventStore } from '@roaming/event-store';
import { HEADER, type InboundMessage, InProcessMessageBus, MessageBus } from '@roaming/messaging';
import {
  credentialIssued,
  configureHttpApp,
  InfrastructureModule,
  PartnerDirectoryModule,
  PlatformModule,
  type PartnerMessageDraft,
  PartnerKeyring,
  type SignedPartnerMessage,
} from '@roaming/platform';
import { FixedClock } from '@roaming/shared-kernel';
import { waitFor, waitForProcessor } from '@roaming/testing';
import { randomUUID } from 'crypto';
import request from 'supertest';
import { DEFAULT_ENERGY_CONFIG, type EnergyConfig } from '../config/energy-config';
import { EnergyModule } from '../energy.module';

const APP_NAME = 'energy';
const ENV = { MODE: 'embedded', DATA_DIR: 'memory://', LOG_LEVEL: 'error', LOG_FORMAT: 'json' };

/**
 * The energy app in embedded mode (in-memory PGlite, in-process bus). Tests play the other contexts: the registry's
 * credentials, station management's sites and the authorization context's grants, as their forwarders would.
 */
export class EnergyApiFixture {
  readonly published: InboundMessage[] = [];

  private constructor(
    readonly app: NestExpressApplication,
    readonly bus: InProcessMessageBus,
    readonly db: Database,
    readonly store: EventStore,
    readonly clock: FixedClock,
  ) {}

  static async start(
    options: { now?: string; observe?: string[]; config?: EnergyConfig } = {},
  ): Promise<EnergyApiFixture> {
    const clock = new FixedClock(new Date(options.now ?? '2026-03-01T10:00:00.000Z'));
    const moduleRef = await Test.createTestingModule({
      imports: [
        InfrastructureModule.forRoot(APP_NAME, { env: ENV, clock }),
        PlatformModule.forRoot({ appName: APP_NAME, env: ENV }),
        PartnerDirectoryModule.forContext({ schema: 'energy', groupId: 'energy.partner-directory' }),
        EnergyModule.forRoot(options.config ?? DEFAULT_ENERGY_CONFIG),
      ],
    }).compile();
    const app = moduleRef.createNestApplication<NestExpressApplication>({ bufferLogs: true });
    configureHttpApp(app, { title: 'Energy e2e', description: 'test' });
    await app.init();
    const bus = app.get(MessageBus);
    if (!(bus instanceof InProcessMessageBus)) throw new Error('embedded mode should use the in-process bus');
    const fixture = new EnergyApiFixture(app, bus, app.get(Database), app.get(EventStore), clock);
    if (options.observe?.length) {
      await bus.subscribe({
        groupId: `energy-e2e.observer-${randomUUID()}`,
        topics: options.observe,
        handler: async (message) => void fixture.published.push(message),
      });
    }
    return fixture;
  }

  async close(): Promise<void> {
    await this.app.close();
  }

  private async publish(topic: string, type: string, data: unknown, occurredAt = this.clock.now().toISOString()) {
    const messageId = randomUUID();
    await this.bus.publish([
      {
        topic,
        key: `${type}-${messageId}`,
        value: { type, schemaVersion: 1, occurredAt, data },
        headers: { [HEADER.messageId]: messageId, [HEADER.type]: type },
      },
    ]);
  }

  /** The keys partnerWithKey issued: partners sign their Kafka messages with them. */
  private readonly keys = new PartnerKeyring();

  /** A partner and its key, as the registry announces them (roles may include 'dso'). */
  async partnerWithKey(partnerId: string, roles: string[], partyIds: string[]): Promise<string> {
    const issued = this.keys.issue();
    const { key, keyHash } = issued;
    await this.publish(
      TOPICS.contractRegistryEvents,
      'PartnerCredentialIssued',
      credentialIssued(issued, { partnerId, roles: roles as PartnerRole[], partyIds }),
    );
    await waitFor(
      async () =>
        (await this.db.query(`SELECT 1 FROM energy.partner_credentials WHERE key_hash = $1`, [keyHash])).rowCount > 0,
      {
        description: `key of ${partnerId}`,
      },
    );
    return key;
  }

  /** A partner's message on a Kafka door, signed with its key as the partner's producer signs it. */
  partnerMessage(apiKey: string, draft: PartnerMessageDraft): SignedPartnerMessage {
    return this.keys.sign(apiKey, draft);
  }

  /** A site as station management publishes it: the EVSEs with their power and load area. */
  async site(
    cpoPartyId: string,
    siteId: string,
    loadAreaId: string | null,
    evses: { evseId: string; maxPowerW: number }[],
  ) {
    const site: SiteV1 = {
      cpoPartyId,
      siteId,
      status: 'PUBLISHED',
      name: siteId,
      address: { street: 'x', postalCode: '1', city: 'x', country: 'DE' },
      coordinates: { latitude: '0', longitude: '0' },
      timeZone: 'Europe/Berlin',
      openingHours: { twentyFourSeven: true, regularHours: [] },
      access: 'PUBLIC',
      energyMix: null,
      loadAreaId,
      validFrom: null,
      validUntil: null,
      evses: evses.map((e) => ({
        evseId: e.evseId,
        status: 'PUBLISHED',
        connectors: [],
        maxPowerW: e.maxPowerW,
        reservationAllowed: false,
        tariffIds: [],
        physicalReference: null,
      })),
      updatedAt: this.clock.now().toISOString(),
    };
    await this.publish(TOPICS.stationManagementEvents, 'SitePublished', {
      site,
      changedEvseIds: [],
      withdrawnEvseIds: [],
    });
  }

  /** A granted authorization, as the authorization context publishes it: a session the energy context can plan for. */
  async session(sessionId: string, evseId: string, cpoPartyId: string, emspPartyId: string) {
    await this.publish(TOPICS.authorizationEvents, 'AuthorizationGranted', {
      authorizationId: sessionId,
      evseId,
      cpoPartyId,
      emspPartyId,
      emaid: 'DE8AACA2B3C4D5L',
      tokenUid: '04A2B3C4',
      agreementId: 'agr',
    });
  }

  async settle(processorId: string, categories: string[]): Promise<void> {
    await waitForProcessor(this.store, processorId, categories, 10_000);
  }

  async fireDeadlines(): Promise<number> {
    const timer = this.app.get(EnergyModule, { strict: false }).deadlines();
    if (!timer) throw new Error('the deadline timer is not running');
    return timer.tick();
  }

  async eventCount(category: string): Promise<number> {
    const { rows } = await this.db.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM es.events WHERE category = $1`,
      [category],
    );
    return Number(rows[0].n);
  }

  async waitForPublished(topic: string, match: (body: { type: string; data: Record<string, unknown> }) => boolean) {
    return waitFor(() => this.published.find((m) => m.topic === topic && match(JSON.parse(m.rawValue))), {
      description: `a matching message on ${topic}`,
    });
  }

  as(key: string) {
    const auth = { Authorization: `Bearer ${key}` };
    const http = request(this.app.getHttpServer());
    return {
      get: (path: string) => http.get(path).set(auth),
      put: (path: string, body: object) => http.put(path).set(auth).send(body),
      post: (path: string, body: object = {}, headers: Record<string, string> = {}) =>
        http
          .post(path)
          .set({ ...auth, ...headers })
          .send(body),
    };
  }
}
