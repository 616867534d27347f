import type { PartnerRole } from '../partner/domain/partner.events';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { TOPICS } from '@roaming/contracts';
import { Database } from '@roaming/event-store';
import { type InboundMessage, InProcessMessageBus, MessageBus } from '@roaming/messaging';
import { configureHttpApp, InfrastructureModule, PlatformModule } from '@roaming/platform';
import { FixedClock } from '@roaming/shared-kernel';
import { waitFor } from '@roaming/testing';
import request from 'supertest';
import { ContractRegistryCredentialsModule } from '../contract-registry-credentials.module';
import { ContractRegistryModule } from '../contract-registry.module';

const APP_NAME = 'contract-registry';
export const OPERATOR_KEY = 'operator-bootstrap-key-for-registry-tests';
const ENV = {
  MODE: 'embedded',
  DATA_DIR: 'memory://',
  LOG_LEVEL: 'error',
  LOG_FORMAT: 'json',
  OPERATOR_API_KEY: OPERATOR_KEY,
};

export interface TestPartner {
  partnerId: string;
  apiKey: string;
  /** The key's public id: with the key, it signs the partner's Kafka messages (signedPartnerMessage). */
  keyId: string;
}

/**
 * The contract registry in embedded mode (in-memory PGlite, in-process bus) behind supertest, with an observer
 * collecting what the forwarder publishes on `contract-registry.events.v1`.
 */
export class RegistryApiFixture {
  readonly published: InboundMessage[] = [];

  private constructor(
    readonly app: NestExpressApplication,
    readonly db: Database,
    readonly clock: FixedClock,
  ) {}

  static async start(now = '2026-03-01T10:00:00.000Z'): Promise<RegistryApiFixture> {
    const clock = new FixedClock(new Date(now));
    const moduleRef = await Test.createTestingModule({
      imports: [
        InfrastructureModule.forRoot(APP_NAME, { env: ENV, clock }),
        PlatformModule.forRoot({ appName: APP_NAME, env: ENV, imports: [ContractRegistryCredentialsModule] }),
        ContractRegistryModule,
      ],
    }).compile();
    const app = moduleRef.createNestApplication<NestExpressApplication>({ bufferLogs: true });
    configureHttpApp(app, { title: 'Contract registry e2e', description: 'test' });
    await app.init();
    const fixture = new RegistryApiFixture(app, app.get(Database), clock);
    await app.get(MessageBus).subscribe({
      groupId: 'contract-registry-e2e.observer',
      topics: [TOPICS.contractRegistryEvents],
      handler: async (message) => {
        fixture.published.push(message);
      },
    });
    return fixture;
  }

  /** The in-process bus: publish to B2B topics, read their dead letters. */
  get bus(): InProcessMessageBus {
    return this.app.get(MessageBus) as InProcessMessageBus;
  }

  http(): ReturnType<typeof request> {
    return request(this.app.getHttpServer());
  }

  async close(): Promise<void> {
    await this.app.close();
  }

  /** Registers a partner as the operator and issues it a key. */
  async partner(name: string, roles: PartnerRole[], partyIds: string[]): Promise<TestPartner> {
    const registered = await this.http()
      .post('/v1/admin/partners')
      .auth(OPERATOR_KEY, { type: 'bearer' })
      .send({ name, roles, partyIds, partnerContractVersion: 'PC-2026-01' });
    if (registered.status !== 201) throw new Error(`registering ${name}: ${registered.status} ${registered.text}`);
    const partnerId = registered.body.partnerId as string;
    const issued = await this.http()
      .post(`/v1/admin/partners/${partnerId}/credentials`)
      .auth(OPERATOR_KEY, { type: 'bearer' });
    if (issued.status !== 201) throw new Error(`issuing a key to ${name}: ${issued.status} ${issued.text}`);
    return { partnerId, apiKey: issued.body.apiKey as string, keyId: issued.body.keyId as string };
  }

  /** How many events the store holds (all streams): "bad input appends nothing" compares two counts. */
  async eventCount(): Promise<number> {
    const { rows } = await this.db.query<{ n: string }>(`SELECT count(*)::text AS n FROM es.events`);
    return Number(rows[0].n);
  }

  /** The EMAID a token uid names within an EVSP (the contract book's claim), or null. */
  async tokenClaim(emspPartyId: string, uid: string): Promise<string | null> {
    const { rows } = await this.db.query<{ emaid: string }>(
      `SELECT emaid FROM registry.token_uid_claims WHERE emsp_party_id = $1 AND uid = $2`,
      [emspPartyId, uid],
    );
    return rows[0]?.emaid ?? null;
  }

  async streamEvents(stream: string): Promise<{ type: string; data: unknown; metadata: Record<string, unknown> }[]> {
    const { rows } = await this.db.query<{ type: string; data: unknown; metadata: Record<string, unknown> }>(
      `SELECT type, data, metadata FROM es.events WHERE stream_name = $1 ORDER BY stream_position`,
      [stream],
    );
    return rows;
  }

  /** Waits until `probe` returns something (not undefined), e.g. a count of published messages. */
  waitFor<T>(description: string, probe: () => T | undefined | Promise<T | undefined>): Promise<T> {
    return waitFor(async () => (await probe()) ?? undefined, { description, timeoutMs: 5_000 });
  }

  /** Waits until the forwarder has published a message matching `predicate`. */
  async waitForPublished(
    description: string,
    predicate: (message: { key: string | null; headers: Record<string, string>; body: PublishedBody }) => boolean,
  ): Promise<{ key: string | null; headers: Record<string, string>; body: PublishedBody }> {
    return waitFor(
      () =>
        this.published
          .map((m) => ({ key: m.key, headers: m.headers, body: JSON.parse(m.rawValue) as PublishedBody }))
          .find(predicate),
      { description, timeoutMs: 5_000 },
    );
  }
}

export interface PublishedBody {
  type: string;
  schemaVersion: number;
  occurredAt: string;
  data: Record<string, unknown>;
}
