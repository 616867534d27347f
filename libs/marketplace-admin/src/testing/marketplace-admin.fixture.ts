import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { TOPICS } from '@roaming/contracts';
import { Database } from '@roaming/event-store';
import { HEADER, MessageBus } from '@roaming/messaging';
import {
  credentialIssued,
  configureHttpApp,
  generateApiKey,
  InfrastructureModule,
  PartnerDirectoryModule,
  PlatformModule,
} from '@roaming/platform';
import { waitFor } from '@roaming/testing';
import { randomUUID } from 'crypto';
import { MarketplaceAdminModule } from '../marketplace-admin.module';
import { MADMIN_SCHEMA } from '../shared/marketplace-admin.schema';

const APP_NAME = 'marketplace-admin';

/**
 * The marketplace-admin context alone, embedded (in-memory PGlite, in-process bus): tests play the registry,
 * the authorization switch and cdr-forwarding by publishing their integration messages, as their forwarders would.
 */
export class MarketplaceAdminFixture {
  private constructor(
    readonly app: NestExpressApplication,
    readonly bus: MessageBus,
    readonly db: Database,
    readonly operatorKey: string,
  ) {}

  static async start(): Promise<MarketplaceAdminFixture> {
    const operatorKey = `op_${randomUUID()}`;
    const env = { MODE: 'embedded', DATA_DIR: 'memory://', LOG_LEVEL: 'error', OPERATOR_API_KEY: operatorKey };
    const moduleRef = await Test.createTestingModule({
      imports: [
        InfrastructureModule.forRoot(APP_NAME, { env }),
        PlatformModule.forRoot({ appName: APP_NAME, env }),
        PartnerDirectoryModule.forContext({ schema: MADMIN_SCHEMA, groupId: `${APP_NAME}.partner-directory` }),
        MarketplaceAdminModule,
      ],
    }).compile();
    const app = moduleRef.createNestApplication<NestExpressApplication>({ bufferLogs: true });
    configureHttpApp(app, { title: 'Marketplace admin e2e', description: 'test' });
    await app.init();
    return new MarketplaceAdminFixture(app, app.get(MessageBus), app.get(Database), operatorKey);
  }

  get server() {
    return this.app.getHttpServer();
  }

  close(): Promise<void> {
    return this.app.close();
  }

  /** Publishes one integration message as its context's forwarder would; returns its message id. */
  async publish(
    topic: string,
    type: string,
    data: object,
    occurredAt = '2026-03-01T10:00:00.000Z',
    messageId: string = randomUUID(),
  ): Promise<string> {
    await this.bus.publish([
      {
        topic,
        key: `${type}-${messageId}`,
        value: { type, schemaVersion: 1, occurredAt, data },
        headers: { [HEADER.messageId]: messageId, [HEADER.type]: type, [HEADER.schemaVersion]: '1' },
      },
    ]);
    return messageId;
  }

  /** A partner as the registry announces it, optionally with an API key for it. */
  async partner(
    partnerId: string,
    name: string,
    roles: ('cpo' | 'emsp')[],
    partyIds: string[],
    at = '2026-01-01T00:00:00.000Z',
  ): Promise<string> {
    const issued = generateApiKey();
    const { key, keyHash } = issued;
    await this.publish(TOPICS.contractRegistryEvents, 'PartnerRegistered', { partnerId, name, roles, partyIds }, at);
    await this.publish(
      TOPICS.contractRegistryEvents,
      'PartnerCredentialIssued',
      credentialIssued(issued, { partnerId, roles, partyIds }),
      at,
    );
    await waitFor(
      async () =>
        (await this.db.query(`SELECT 1 FROM ${MADMIN_SCHEMA}.partner_credentials WHERE key_hash = $1`, [keyHash]))
          .rowCount > 0,
      { description: `the key of ${partnerId}` },
    );
    return key;
  }
}
