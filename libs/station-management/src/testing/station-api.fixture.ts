import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { type ContractRegistryMessageV1, TOPICS } from '@roaming/contracts';
import { Database, EventStore } from '@roaming/event-store';
import { HEADER, type InboundMessage, InProcessMessageBus, MessageBus } from '@roaming/messaging';
import {
  credentialIssued,
  configureHttpApp,
  InfrastructureModule,
  PlatformModule,
  type PartnerMessageDraft,
  PartnerKeyring,
  type SignedPartnerMessage,
} from '@roaming/platform';
import { FixedClock } from '@roaming/shared-kernel';
import { waitFor, waitForProcessor } from '@roaming/testing';
import { randomUUID } from 'crypto';
import request from 'supertest';
import { DEFAULT_STATION_CONFIG, type StationConfig } from '../config/station-config';
import { StationManagementCredentialsModule } from '../station-management-credentials.module';
import { StationManagementModule } from '../station-management.module';

const APP_NAME = 'station-management';
const ENV = { MODE: 'embedded', DATA_DIR: 'memory://', LOG_LEVEL: 'error', LOG_FORMAT: 'json' };

type RegistryData = { [M in ContractRegistryMessageV1 as M['type']]: M['data'] };

/**
 * The station-management app in embedded mode (in-memory PGlite, in-process bus) with no registry running: tests
 * play the contract registry by publishing its messages, and observe what the context publishes.
 */
export class StationApiFixture {
  /** Every message published on the observed topics, in order. */
  readonly published: InboundMessage[] = [];

  private constructor(
    readonly app: NestExpressApplication,
    readonly bus: InProcessMessageBus,
    readonly db: Database,
    readonly store: EventStore,
    readonly clock: FixedClock,
  ) {}

  static async start(
    options: { now?: string; observe?: string[]; config?: Partial<StationConfig> } = {},
  ): Promise<StationApiFixture> {
    const clock = new FixedClock(new Date(options.now ?? '2026-03-01T10:00:00.000Z'));
    const moduleRef = await Test.createTestingModule({
      imports: [
        InfrastructureModule.forRoot(APP_NAME, { env: ENV, clock }),
        PlatformModule.forRoot({ appName: APP_NAME, env: ENV, imports: [StationManagementCredentialsModule] }),
        StationManagementModule.forRoot({ ...DEFAULT_STATION_CONFIG, ...options.config }),
      ],
    }).compile();
    const app = moduleRef.createNestApplication<NestExpressApplication>({ bufferLogs: true });
    configureHttpApp(app, { title: 'Station management e2e', description: 'test' });
    await app.init();
    const bus = app.get(MessageBus);
    if (!(bus instanceof InProcessMessageBus)) throw new Error('embedded mode should use the in-process bus');
    const fixture = new StationApiFixture(app, bus, app.get(Database), app.get(EventStore), clock);
    if (options.observe?.length) {
      await bus.subscribe({
        groupId: `station-e2e.observer-${randomUUID()}`,
        topics: options.observe,
        handler: async (message) => void fixture.published.push(message),
      });
    }
    return fixture;
  }

  get http() {
    return request(this.app.getHttpServer());
  }

  async close(): Promise<void> {
    await this.app.close();
  }

  async publishRegistry<T extends keyof RegistryData>(type: T, data: RegistryData[T], messageId = randomUUID()) {
    await this.bus.publish([
      {
        topic: TOPICS.contractRegistryEvents,
        key: `registry-${type}`,
        value: { type, schemaVersion: 1, occurredAt: this.clock.now().toISOString(), data },
        headers: { [HEADER.messageId]: messageId, [HEADER.type]: type, [HEADER.schemaVersion]: '1' },
      },
    ]);
    return messageId;
  }

  /** The keys partnerWithKey issued: partners sign their Kafka messages with them. */
  private readonly keys = new PartnerKeyring();

  /** Registers a partner with a key, as the registry announces both; returns the key once the view has it. */
  async partnerWithKey(partnerId: string, roles: string[], partyIds: string[]): Promise<string> {
    const issued = this.keys.issue();
    const { key, keyHash } = issued;
    const asRoles = roles as ('cpo' | 'emsp')[];
    await this.publishRegistry('PartnerRegistered', { partnerId, name: partnerId, roles: asRoles, partyIds });
    await this.publishRegistry(
      'PartnerCredentialIssued',
      credentialIssued(issued, { partnerId, roles: asRoles, partyIds }),
    );
    await this.waitForRow(
      `SELECT 1 FROM station.partner_credentials WHERE key_hash = $1`,
      [keyHash],
      `key of ${partnerId}`,
    );
    return key;
  }

  /** A partner's message on a Kafka door, signed with its key as the partner's producer signs it. */
  partnerMessage(apiKey: string, draft: PartnerMessageDraft): SignedPartnerMessage {
    return this.keys.sign(apiKey, draft);
  }

  async agreement(
    agreementId: string,
    cpoPartyId: string,
    emspPartyId: string,
    status: 'active' | 'terminated' = 'active',
  ) {
    await this.publishRegistry('RoamingAgreementStatusChanged', {
      agreementId,
      cpoPartyId,
      emspPartyId,
      status,
      validFrom: '2026-01-01T00:00:00.000Z',
      validUntil: null,
    });
    await this.waitForRow(
      `SELECT 1 FROM station.registry_agreements WHERE agreement_id = $1 AND status = $2`,
      [agreementId, status],
      `agreement ${agreementId}`,
    );
  }

  async token(tokenUid: string, emaid: string, emspPartyId: string, status: 'active' | 'blocked' = 'active') {
    await this.publishRegistry('TokenStatusChanged', {
      emaid,
      emspPartyId,
      tokenUid,
      tokenType: 'RFID',
      status,
      validUntil: null,
    } as RegistryData['TokenStatusChanged']);
    await this.waitForRow(
      `SELECT 1 FROM station.registry_tokens WHERE token_uid = $1 AND status = $2`,
      [tokenUid, status],
      `token ${tokenUid}`,
    );
  }

  async waitForRow(sql: string, params: unknown[], description: string): Promise<void> {
    await waitFor(async () => (await this.db.query(sql, params)).rows.length > 0, { description, timeoutMs: 10_000 });
  }

  /** Waits until a processor has handled everything now in its categories. */
  async settle(processorId: string, categories: string[]): Promise<void> {
    await waitForProcessor(this.store, processorId, categories, 10_000);
  }

  async eventCount(category: string): Promise<number> {
    const { rows } = await this.db.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM es.events WHERE category = $1`,
      [category],
    );
    return Number(rows[0].n);
  }

  /** The first observed message on `topic` whose parsed body matches. */
  async waitForPublished(topic: string, match: (body: { type: string; data: Record<string, unknown> }) => boolean) {
    return waitFor(() => this.published.find((m) => m.topic === topic && match(JSON.parse(m.rawValue))), {
      description: `a matching message on ${topic}`,
      timeoutMs: 10_000,
    });
  }

  /** Fires the deadlines due at the fixture's clock now (the timer polls too; this makes it deterministic). */
  async fireDeadlines(): Promise<number> {
    const timer = this.app.get(StationManagementModule, { strict: false }).deadlines();
    if (!timer) throw new Error('the deadline timer is not running');
    return timer.tick();
  }

  as(key: string) {
    const auth = { Authorization: `Bearer ${key}` };
    return {
      get: (path: string) => this.http.get(path).set(auth),
      put: (path: string, body: object) => this.http.put(path).set(auth).send(body),
      post: (path: string, body: object = {}, headers: Record<string, string> = {}) =>
        this.http
          .post(path)
          .set({ ...auth, ...headers })
          .send(body),
      delete: (path: string) => this.http.delete(path).set(auth),
    };
  }
}

/** A plausible full load of one site with `evseIds`. */
export function aSite(evseIds: string[], overrides: Record<string, unknown> = {}) {
  return {
    name: 'Depot Nord',
    address: { street: 'Hafenstr. 1', postalCode: '20457', city: 'Hamburg', country: 'DE' },
    coordinates: { latitude: '53.5433', longitude: '9.9866' },
    timeZone: 'Europe/Berlin',
    openingHours: { twentyFourSeven: true },
    access: 'PUBLIC',
    energyMix: { greenEnergy: true, sources: [{ source: 'WIND', percentage: 100 }] },
    loadAreaId: 'DEN01:LV-0042',
    evses: evseIds.map((evseId) => anEvse(evseId)),
    ...overrides,
  };
}

export function anEvse(evseId: string, overrides: Record<string, unknown> = {}) {
  return {
    evseId,
    connectors: [
      { connectorId: '1', standard: 'IEC_62196_T2', format: 'SOCKET', powerType: 'AC_3_PHASE', maxPowerW: 22000 },
    ],
    maxPowerW: 22000,
    reservationAllowed: true,
    tariffIds: ['AC-STD'],
    ...overrides,
  };
}
