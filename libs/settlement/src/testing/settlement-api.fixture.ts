import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { type CdrV1, type PartnerRole, TOPICS } from '@roaming/contracts';
import { Database, EventStore } from '@roaming/event-store';
import { HEADER, type InboundMessage, InProcessMessageBus, MessageBus } from '@roaming/messaging';
import {
  credentialIssued,
  configureHttpApp,
  generateApiKey,
  InfrastructureModule,
  PartnerDirectoryModule,
  PlatformModule,
} from '@roaming/platform';
import { FixedClock } from '@roaming/shared-kernel';
import { waitFor, waitForProcessor } from '@roaming/testing';
import { randomUUID } from 'crypto';
import request from 'supertest';
import { DEFAULT_SETTLEMENT_CONFIG, type SettlementConfig } from '../config/settlement-config';
import { SETTLEMENT_FORWARDER_ID, SettlementModule } from '../settlement.module';
import { SETTLEMENT_CATEGORIES } from '../settlement.topology';

const APP_NAME = 'settlement';
const ENV = { MODE: 'embedded', DATA_DIR: 'memory://', LOG_LEVEL: 'error', LOG_FORMAT: 'json' };

/**
 * The settlement app in embedded mode (in-memory PGlite, in-process bus, a fixed clock). Tests play the other
 * contexts as their forwarders would: the registry (credentials, agreements, tariffs) and cdr-forwarding (CdrForwarded).
 */
export class SettlementApiFixture {
  readonly published: InboundMessage[] = [];

  private constructor(
    readonly app: NestExpressApplication,
    readonly bus: InProcessMessageBus,
    readonly db: Database,
    readonly store: EventStore,
    readonly clock: FixedClock,
  ) {}

  static async start(
    options: { now?: string; observe?: string[]; config?: Partial<SettlementConfig> } = {},
  ): Promise<SettlementApiFixture> {
    const clock = new FixedClock(new Date(options.now ?? '2026-03-10T10:00:00.000Z'));
    const moduleRef = await Test.createTestingModule({
      imports: [
        InfrastructureModule.forRoot(APP_NAME, { env: ENV, clock }),
        PlatformModule.forRoot({ appName: APP_NAME, env: ENV }),
        PartnerDirectoryModule.forContext({ schema: 'settlement', groupId: 'settlement.partner-directory' }),
        SettlementModule.forRoot({ ...DEFAULT_SETTLEMENT_CONFIG, closeIntervalMs: 3_600_000, ...options.config }),
      ],
    }).compile();
    const app = moduleRef.createNestApplication<NestExpressApplication>({ bufferLogs: true });
    configureHttpApp(app, { title: 'Settlement e2e', description: 'test' });
    await app.init();
    const bus = app.get(MessageBus);
    if (!(bus instanceof InProcessMessageBus)) throw new Error('embedded mode should use the in-process bus');
    const fixture = new SettlementApiFixture(app, bus, app.get(Database), app.get(EventStore), clock);
    if (options.observe?.length) {
      await bus.subscribe({
        groupId: `settlement-e2e.observer-${randomUUID()}`,
        topics: options.observe,
        handler: async (message) => void fixture.published.push(message),
      });
    }
    return fixture;
  }

  async close(): Promise<void> {
    await this.app.close();
  }

  async publish(
    topic: string,
    type: string,
    data: unknown,
    occurredAt = this.clock.now().toISOString(),
  ): Promise<void> {
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

  /** A partner and its key, as the registry announces them. */
  async partnerWithKey(partnerId: string, roles: string[], partyIds: string[]): Promise<string> {
    const issued = generateApiKey();
    const { key, keyHash } = issued;
    await this.publish(
      TOPICS.contractRegistryEvents,
      'PartnerCredentialIssued',
      credentialIssued(issued, { partnerId, roles: roles as PartnerRole[], partyIds }),
    );
    await waitFor(
      async () =>
        (await this.db.query(`SELECT 1 FROM settlement.partner_credentials WHERE key_hash = $1`, [keyHash])).rowCount >
        0,
      { description: `key of ${partnerId}` },
    );
    return key;
  }

  async agreement(agreementId: string, cpoPartyId: string, emspPartyId: string, tariffId: string | null = null) {
    await this.publish(TOPICS.contractRegistryEvents, 'RoamingAgreementStatusChanged', {
      agreementId,
      cpoPartyId,
      emspPartyId,
      status: 'active',
      validFrom: '2026-01-01T00:00:00.000Z',
      validUntil: null,
      tariffId,
    });
    await waitFor(
      async () =>
        (await this.db.query(`SELECT 1 FROM settlement.agreements WHERE agreement_id = $1`, [agreementId])).rowCount >
        0,
      { description: `agreement ${agreementId}` },
    );
  }

  async tariff(
    cpoPartyId: string,
    tariffId: string,
    version: number,
    tariff: Record<string, unknown>,
    audience: 'public' | 'negotiated' = 'public',
    validFrom = '2026-01-01T00:00:00.000Z',
  ) {
    await this.publish(TOPICS.contractRegistryEvents, 'TariffPublished', {
      cpoPartyId,
      tariffId,
      version,
      audience,
      validFrom,
      tariff,
    });
    await waitFor(
      async () =>
        (
          await this.db.query(
            `SELECT 1 FROM settlement.tariff_versions WHERE cpo_party_id = $1 AND tariff_id = $2 AND version = $3`,
            [cpoPartyId, tariffId, version],
          )
        ).rowCount > 0,
      { description: `tariff ${tariffId} v${version}` },
    );
  }

  /** A record cdr-forwarding accepted, as its forwarder publishes it; waits until settlement priced or parked it. */
  async recordAccepted(cdr: CdrV1): Promise<'PRICED' | 'PARKED'> {
    await this.publish(TOPICS.cdrForwardingEvents, 'CdrForwarded', cdr);
    return this.recordOutcome(cdr.cpoPartyId, cdr.cdrId);
  }

  async recordOutcome(cpoPartyId: string, cdrId: string): Promise<'PRICED' | 'PARKED'> {
    return waitFor(
      async () => {
        const { rows } = await this.db.query<{ type: string }>(
          `SELECT type FROM es.events WHERE stream_name = $1 ORDER BY stream_position DESC LIMIT 1`,
          [`settlementRecord-${cpoPartyId}+${cdrId}`],
        );
        return rows[0] ? (rows[0].type === 'RecordPriced' ? 'PRICED' : 'PARKED') : undefined;
      },
      { description: `record ${cdrId} priced or parked` },
    );
  }

  async settle(): Promise<void> {
    await waitForProcessor(this.store, SETTLEMENT_FORWARDER_ID, SETTLEMENT_CATEGORIES, 10_000);
  }

  periodCloser() {
    const closer = this.app.get(SettlementModule, { strict: false }).periodCloser();
    if (!closer) throw new Error('the period closer is not running');
    return closer;
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
      post: (path: string, body: object = {}) => http.post(path).set(auth).send(body),
    };
  }
}

/** A CDR as cdr-forwarding publishes it, with settlement's defaults. */
export function aRecord(overrides: Partial<CdrV1> & Pick<CdrV1, 'cdrId'>): CdrV1 {
  return {
    cpoPartyId: 'DEABC',
    emspPartyId: 'NLXYZ',
    evseId: 'DE*ABC*E1',
    emaid: 'NL-XYZ-C12345678-9',
    tokenUid: '04A2B3C4',
    authorizationId: null,
    startedAt: '2026-03-05T10:00:00.000Z',
    endedAt: '2026-03-05T11:00:00.000Z',
    energyWh: 20_000,
    totalCost: { amount: '9.52', currency: 'EUR' },
    timeZone: 'Europe/Berlin',
    ...overrides,
  };
}
