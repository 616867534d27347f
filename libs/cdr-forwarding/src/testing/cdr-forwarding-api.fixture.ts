import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { type ContractRegistryMessageV1, type InboundCdrV1, TOPICS } from '@roaming/contracts';
import { Database } from '@roaming/event-store';
import { HEADER, InProcessMessageBus, type InboundMessage, MessageBus } from '@roaming/messaging';
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
import { waitFor } from '@roaming/testing';
import { randomUUID } from 'crypto';
import request from 'supertest';
import { cdrStream } from '../cdr/domain';
import { sampleInboundCdr } from './sample-cdr';
import { CdrForwardingCredentialsModule } from '../cdr-forwarding-credentials.module';
import { CdrForwardingModule } from '../cdr-forwarding.module';

const APP_NAME = 'cdr-forwarding';
const ENV = { MODE: 'embedded', DATA_DIR: 'memory://', LOG_LEVEL: 'error', LOG_FORMAT: 'json' };

type RegistryData = { [M in ContractRegistryMessageV1 as M['type']]: M['data'] };

/**
 * The cdr-forwarding app in embedded mode (in-memory PGlite, in-process bus) with no contract registry running:
 * tests play the registry by publishing its integration messages on the bus, and wait for the view to show them.
 */
export class CdrForwardingApiFixture {
  /** Every message published on the topics given to start(), in order. */
  readonly published: InboundMessage[] = [];
  private cdrCounter = 0;

  private constructor(
    readonly app: NestExpressApplication,
    readonly bus: InProcessMessageBus,
    readonly db: Database,
    readonly clock: FixedClock,
  ) {}

  /**
   * `sites: false` starts without the default site (EVSE DE*ABC*E1001*1 of DEABC, 22 kW, Europe/Berlin), which the
   * fixture otherwise publishes as station-management would, so that fx.cdr() names a known EVSE.
   */
  static async start(
    options: { now?: string; observe?: string[]; sites?: boolean } = {},
  ): Promise<CdrForwardingApiFixture> {
    const clock = new FixedClock(new Date(options.now ?? '2026-03-01T12:00:00.000Z'));
    const moduleRef = await Test.createTestingModule({
      imports: [
        InfrastructureModule.forRoot(APP_NAME, { env: ENV, clock }),
        PlatformModule.forRoot({ appName: APP_NAME, env: ENV, imports: [CdrForwardingCredentialsModule] }),
        CdrForwardingModule,
      ],
    }).compile();
    const app = moduleRef.createNestApplication<NestExpressApplication>({ bufferLogs: true });
    configureHttpApp(app, { title: 'CDR forwarding e2e', description: 'test' });
    await app.init();
    const bus = app.get(MessageBus);
    if (!(bus instanceof InProcessMessageBus)) throw new Error('embedded mode should use the in-process bus');
    const fixture = new CdrForwardingApiFixture(app, bus, app.get(Database), clock);
    if (options.observe?.length) {
      await bus.subscribe({
        groupId: `cdr-forwarding-e2e.observer-${randomUUID()}`,
        topics: options.observe,
        handler: async (message) => {
          fixture.published.push(message);
        },
      });
    }
    if (options.sites !== false) await fixture.site('DEABC', 'SITE-1', ['DE*ABC*E1001*1'], 22_000);
    return fixture;
  }

  /** Publishes a site as station-management's forwarder would (SitePublished) and waits for the EVSE view. */
  async site(
    cpoPartyId: string,
    siteId: string,
    evseIds: string[],
    maxPowerW: number,
    timeZone = 'Europe/Berlin',
  ): Promise<void> {
    const site = {
      cpoPartyId,
      siteId,
      status: 'PUBLISHED',
      name: siteId,
      address: { street: 'Hauptstr. 1', postalCode: '10115', city: 'Berlin', country: 'DEU' },
      coordinates: { latitude: '52.5', longitude: '13.4' },
      timeZone,
      openingHours: { twentyFourSeven: true, regularHours: [] },
      access: 'PUBLIC',
      energyMix: null,
      loadAreaId: null,
      validFrom: null,
      validUntil: null,
      evses: evseIds.map((evseId) => ({
        evseId,
        status: 'PUBLISHED',
        connectors: [],
        maxPowerW,
        reservationAllowed: false,
        tariffIds: [],
        physicalReference: null,
      })),
      updatedAt: this.clock.now().toISOString(),
    };
    await this.bus.publish([
      {
        topic: TOPICS.stationManagementEvents,
        key: `station-${cpoPartyId}+${siteId}`,
        value: {
          type: 'SitePublished',
          schemaVersion: 1,
          occurredAt: this.clock.now().toISOString(),
          data: { site, changedEvseIds: evseIds, withdrawnEvseIds: [] },
        },
        headers: { [HEADER.messageId]: randomUUID(), [HEADER.type]: 'SitePublished', [HEADER.schemaVersion]: '1' },
      },
    ]);
    await this.waitForRow(`SELECT 1 FROM cdr.evses WHERE evse_id = $1`, [evseIds[0]], `EVSE ${evseIds[0]} in the view`);
  }

  /** Publishes an authorization-context message (AuthorizationGranted, SessionStarted) as its forwarder would. */
  async publishAuthorization(type: 'AuthorizationGranted' | 'SessionStarted', data: Record<string, unknown>) {
    await this.bus.publish([
      {
        topic: TOPICS.authorizationEvents,
        key: `authorization-${randomUUID()}`,
        value: { type, schemaVersion: 1, occurredAt: this.clock.now().toISOString(), data },
        headers: { [HEADER.messageId]: randomUUID(), [HEADER.type]: type, [HEADER.schemaVersion]: '1' },
      },
    ]);
  }

  get http() {
    return request(this.app.getHttpServer());
  }

  async close(): Promise<void> {
    await this.app.close();
  }

  /** Publishes a contract-registry message as the registry's forwarder would; returns its message id. */
  async publishRegistry<T extends keyof RegistryData>(
    type: T,
    data: RegistryData[T],
    options: { messageId?: string; occurredAt?: string } = {},
  ): Promise<string> {
    const messageId = options.messageId ?? randomUUID();
    await this.bus.publish([
      {
        topic: TOPICS.contractRegistryEvents,
        key: `registry-${type}`,
        value: { type, schemaVersion: 1, occurredAt: options.occurredAt ?? this.clock.now().toISOString(), data },
        headers: { [HEADER.messageId]: messageId, [HEADER.type]: type, [HEADER.schemaVersion]: '1' },
      },
    ]);
    return messageId;
  }

  /** The keys partnerWithKey issued: partners sign their Kafka messages with them. */
  private readonly keys = new PartnerKeyring();

  /** Registers a partner and issues it a key, as the registry announces both; waits for the view; returns the key. */
  async partnerWithKey(partnerId: string, roles: ('cpo' | 'emsp')[], partyIds: string[]): Promise<string> {
    const issued = this.keys.issue();
    const { key, keyHash } = issued;
    await this.publishRegistry('PartnerRegistered', { partnerId, name: partnerId, roles, partyIds });
    await this.publishRegistry(
      'PartnerCredentialIssued',
      credentialIssued(issued, { partnerId, roles: roles, partyIds }),
    );
    await this.waitForRow(
      `SELECT 1 FROM cdr.partner_credentials WHERE key_hash = $1`,
      [keyHash],
      `key of ${partnerId}`,
    );
    await this.waitForRow(
      `SELECT 1 FROM cdr.registry_partners WHERE partner_id = $1 AND cardinality(party_ids) > 0`,
      [partnerId],
      `partner ${partnerId} in the view`,
    );
    return key;
  }

  /** A partner's message on a Kafka door, signed with its key as the partner's producer signs it. */
  partnerMessage(apiKey: string, draft: PartnerMessageDraft): SignedPartnerMessage {
    return this.keys.sign(apiKey, draft);
  }

  keyIdOf(apiKey: string): string {
    return this.keys.keyIdOf(apiKey);
  }

  async agreement(
    agreementId: string,
    cpoPartyId: string,
    emspPartyId: string,
    status: 'offered' | 'active' | 'suspended' | 'terminated' = 'active',
  ): Promise<void> {
    await this.publishRegistry('RoamingAgreementStatusChanged', {
      agreementId,
      cpoPartyId,
      emspPartyId,
      status,
      validFrom: '2026-01-01T00:00:00.000Z',
      validUntil: null,
    });
    await this.waitForRow(
      `SELECT 1 FROM cdr.registry_agreements WHERE agreement_id = $1 AND status = $2`,
      [agreementId, status],
      `agreement ${agreementId} ${status} in the view`,
    );
  }

  /** A plausible CDR of EVSE DE*ABC*E1001*1 (CPO DEABC) for the contract DE-8AA-001234567-0 (EVSP DE8AA). */
  cdr(overrides: Partial<InboundCdrV1> = {}): InboundCdrV1 {
    this.cdrCounter += 1;
    return sampleInboundCdr({ cdrId: `CDR-${this.cdrCounter}-${randomUUID().slice(0, 8)}`, ...overrides });
  }

  postCdr(key: string, body: unknown) {
    return this.http
      .post('/v1/cdrs')
      .set('Authorization', `Bearer ${key}`)
      .send(body as object);
  }

  listCdrs(key: string, query: Record<string, string | number> = {}) {
    return this.http.get('/v1/cdrs').query(query).set('Authorization', `Bearer ${key}`);
  }

  /** The event types on the CDR's stream, in order. */
  async streamEventTypes(cpoPartyId: string, cdrId: string): Promise<string[]> {
    const { rows } = await this.db.query<{ type: string }>(
      `SELECT type FROM es.events WHERE stream_name = $1 ORDER BY stream_position`,
      [cdrStream(cpoPartyId, cdrId)],
    );
    return rows.map((r) => r.type);
  }

  async cdrEventCount(): Promise<number> {
    const { rows } = await this.db.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM es.events WHERE category = 'cdr'`,
    );
    return Number(rows[0].n);
  }

  /** Waits until the projection has the CDR in the EVSP's list. */
  async waitForForwarded(cpoPartyId: string, cdrId: string): Promise<void> {
    await this.waitForRow(
      `SELECT 1 FROM cdr.forwarded_cdrs WHERE cpo_party_id = $1 AND cdr_id = $2`,
      [cpoPartyId, cdrId],
      `CDR ${cdrId} of ${cpoPartyId} in cdr.forwarded_cdrs`,
    );
  }

  /** Polls until the query returns a row: views and read models are filled asynchronously, not by the test. */
  async waitForRow(sql: string, params: unknown[], description: string): Promise<void> {
    await waitFor(async () => (await this.db.query(sql, params)).rows.length > 0, { description, timeoutMs: 10_000 });
  }

  /** Waits for a message observed on `topic` that the predicate accepts. */
  async waitForPublished(topic: string, predicate: (body: { type: string; data: Record<string, unknown> }) => boolean) {
    return waitFor(
      () =>
        this.published.find(
          (m) =>
            m.topic === topic && predicate(JSON.parse(m.rawValue) as { type: string; data: Record<string, unknown> }),
        ),
      { description: `a matching message on ${topic}`, timeoutMs: 10_000 },
    );
  }
}
