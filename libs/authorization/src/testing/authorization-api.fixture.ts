import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { AUTHORIZATION_REQUESTS_INBOUND_TOPIC, type ContractRegistryMessageV1, TOPICS } from '@roaming/contracts';
import { Database } from '@roaming/event-store';
import { HEADER, type InboundMessage, MessageBus } from '@roaming/messaging';
import {
  credentialIssued,
  configureHttpApp,
  generateApiKey,
  InfrastructureModule,
  type PartnerSigningKey,
  PlatformModule,
  signedPartnerMessage,
} from '@roaming/platform';
import { FixedClock, PartyId } from '@roaming/shared-kernel';
import { waitFor } from '@roaming/testing';
import { randomUUID } from 'crypto';
import { AuthorizationCredentialsModule } from '../authorization-credentials.module';
import { AuthorizationModule } from '../authorization.module';
import { AuthorizationSettings } from '../config/authorization.settings';

const APP_NAME = 'authorization';
const ENV = { MODE: 'embedded', DATA_DIR: 'memory://', LOG_LEVEL: 'error', LOG_FORMAT: 'json' };

type RegistryMessage = { [M in ContractRegistryMessageV1 as M['type']]: M['data'] };

/**
 * The authorization app in embedded mode (in-memory PGlite, in-process bus), with no contract registry running:
 * tests play the registry by publishing its integration messages on the bus, as its forwarder would.
 */
export class AuthorizationApiFixture {
  /** What the forwarder published on `authorization.events.v1`. */
  readonly published: InboundMessage[] = [];

  private constructor(
    readonly app: NestExpressApplication,
    readonly bus: MessageBus,
    readonly db: Database,
    readonly clock: FixedClock,
  ) {}

  static async start(
    now = '2026-03-01T10:00:00.000Z',
    settings: Partial<AuthorizationSettings> = {},
  ): Promise<AuthorizationApiFixture> {
    const clock = new FixedClock(new Date(now));
    const moduleRef = await Test.createTestingModule({
      imports: [
        InfrastructureModule.forRoot(APP_NAME, { env: ENV, clock }),
        PlatformModule.forRoot({ appName: APP_NAME, env: ENV, imports: [AuthorizationCredentialsModule] }),
        AuthorizationModule,
      ],
    })
      .overrideProvider(AuthorizationSettings)
      .useValue(new AuthorizationSettings(settings))
      .compile();
    const app = moduleRef.createNestApplication<NestExpressApplication>({ bufferLogs: true });
    configureHttpApp(app, { title: 'Authorization e2e', description: 'test' });
    await app.init();
    const fixture = new AuthorizationApiFixture(app, app.get(MessageBus), app.get(Database), clock);
    await fixture.bus.subscribe({
      groupId: 'authorization-e2e.observer',
      topics: [TOPICS.authorizationEvents],
      handler: async (message) => {
        fixture.published.push(message);
      },
    });
    return fixture;
  }

  /** The signing key of each party that got one from partnerWithKey (its latest), as its producer holds it. */
  private readonly signers = new Map<string, PartnerSigningKey>();

  /**
   * A CPO's message on the B2B Kafka door b2b.authorization-requests.inbound.v1 (key = its party id), signed with
   * the key partnerWithKey issued to that party, as its producer signs it; returns the message id. The in-process bus
   * hands it to the consumer before it returns.
   */
  async sendB2b(key: string, type: string, body: object, messageId: string = randomUUID()): Promise<string> {
    const party = PartyId.isValid(key) ? PartyId.parse(key).value : key;
    const signer = this.signers.get(party);
    if (!signer) throw new Error(`sendB2b: no key was issued to ${party} with partnerWithKey`);
    return this.sendB2bAs(signer, key, type, body, messageId);
  }

  /** The same message signed with another key, or (signer null) not signed at all: a forgery's attempts. */
  async sendB2bAs(
    signer: PartnerSigningKey | null,
    key: string,
    type: string,
    body: object,
    messageId: string = randomUUID(),
  ): Promise<string> {
    const draft = {
      topic: AUTHORIZATION_REQUESTS_INBOUND_TOPIC,
      key,
      value: body,
      messageId,
      headers: { [HEADER.type]: type },
    };
    const message = signer
      ? signedPartnerMessage(signer, draft)
      : { ...draft, headers: { ...draft.headers, [HEADER.messageId]: messageId } };
    await this.bus.publish([
      { topic: message.topic, key: message.key, value: message.value, headers: message.headers },
    ]);
    return messageId;
  }

  /** The signing key partnerWithKey issued to a party. */
  signerOf(partyId: string): PartnerSigningKey {
    const signer = this.signers.get(partyId);
    if (!signer) throw new Error(`no key was issued to ${partyId} with partnerWithKey`);
    return signer;
  }

  /**
   * Starts recording what is published on these topics (e.g. a partner's b2b.<party>.outbound.v1). The in-process
   * bus keeps nothing for a late subscriber: observe before acting.
   */
  async observe(topics: string[]): Promise<InboundMessage[]> {
    const seen: InboundMessage[] = [];
    await this.bus.subscribe({
      groupId: `authorization-e2e.observer.${randomUUID()}`,
      topics,
      handler: async (message) => {
        seen.push(message);
      },
    });
    return seen;
  }

  /** Waits for a message of `type` on what `observe` records whose data matches `match`, and returns its body. */
  async awaitPublished<T = Record<string, unknown>>(
    seen: InboundMessage[],
    type: string,
    match: (data: T) => boolean = () => true,
  ): Promise<{ type: string; data: T }> {
    return waitFor(
      () =>
        seen
          .map((m) => JSON.parse(m.rawValue) as { type: string; data: T })
          .find((body) => body.type === type && match(body.data)),
      { description: `${type} published`, timeoutMs: 5_000 },
    );
  }

  get server(): ReturnType<NestExpressApplication['getHttpServer']> {
    return this.app.getHttpServer();
  }

  async close(): Promise<void> {
    await this.app.close();
  }

  /** Publishes one contract-registry message as the registry's forwarder would; returns its message id. */
  async publishRegistry<T extends keyof RegistryMessage>(
    type: T,
    data: RegistryMessage[T],
    messageId: string = randomUUID(),
  ): Promise<string> {
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

  /**
   * Registers a partner and issues it an API key, the way the registry announces both; waits until the view has the
   * credential and returns the key (only its SHA-256 travelled).
   */
  async partnerWithKey(partnerId: string, roles: ('cpo' | 'emsp')[], partyIds: string[]): Promise<string> {
    const issued = generateApiKey();
    const { key, keyHash } = issued;
    await this.publishRegistry('PartnerRegistered', { partnerId, name: partnerId, roles, partyIds });
    await this.publishRegistry(
      'PartnerCredentialIssued',
      credentialIssued(issued, { partnerId, roles: roles, partyIds }),
    );
    await this.waitForRow(
      `SELECT 1 FROM authz.partner_credentials WHERE key_hash = $1`,
      [keyHash],
      `key of ${partnerId}`,
    );
    for (const party of partyIds) this.signers.set(party, { apiKey: key, keyId: issued.keyId });
    return key;
  }

  async agreement(
    agreementId: string,
    cpoPartyId: string,
    emspPartyId: string,
    status: 'offered' | 'active' | 'suspended' | 'terminated' = 'active',
    terms: { tariffId?: string | null; timeoutPolicy?: 'deny' | 'allow-offline' } = {},
  ): Promise<void> {
    await this.publishRegistry('RoamingAgreementStatusChanged', {
      agreementId,
      cpoPartyId,
      emspPartyId,
      status,
      validFrom: '2026-01-01T00:00:00.000Z',
      validUntil: null,
      ...terms,
    } as RegistryMessage['RoamingAgreementStatusChanged']);
    await this.waitForRow(
      `SELECT 1 FROM authz.agreements WHERE agreement_id = $1 AND status = $2`,
      [agreementId, status],
      `agreement ${agreementId} ${status}`,
    );
  }

  async token(
    tokenUid: string,
    emaid: string,
    emspPartyId: string,
    status: 'active' | 'blocked' | 'expired' | 'stolen' | 'deactivated' = 'active',
    messageId?: string,
    extra: {
      tokenType?: 'RFID' | 'APP' | 'PLUG_AND_CHARGE';
      allowedServices?: string[];
      allowOffline?: boolean;
      validUntil?: string | null;
    } = {},
  ): Promise<string> {
    const { tokenType = 'RFID', validUntil = null, ...terms } = extra;
    const id = await this.publishRegistry(
      'TokenStatusChanged',
      {
        emaid,
        emspPartyId,
        tokenUid,
        tokenType,
        status,
        validUntil,
        ...terms,
      } as RegistryMessage['TokenStatusChanged'],
      messageId,
    );
    await this.waitForRow(
      `SELECT 1 FROM authz.tokens WHERE token_type = $1 AND upper(token_uid) = upper($2) AND status = $3
         AND allow_offline = $4`,
      // The registry's rule: a token says nothing about offline use = whitelisted for it.
      [tokenType, tokenUid.replace(/[: ]/g, ''), status, terms.allowOffline ?? true],
      `token ${tokenUid} ${status}`,
    );
    return id;
  }

  /**
   * The registry announcing where a partner answers (a provider keeping its contracts at home, a CPO's command
   * webhook), in the shape this context reads PartnerEndpointsChanged by.
   */
  async endpoints(
    partnerId: string,
    endpoints: {
      authorizationUrl?: string | null;
      contractsStoredAtHub?: boolean;
      authorizationTimeoutMs?: number | null;
      commandUrl?: string | null;
    },
  ): Promise<void> {
    await this.bus.publish([
      {
        topic: TOPICS.contractRegistryEvents,
        key: `registry-endpoints-${partnerId}`,
        value: {
          type: 'PartnerEndpointsChanged',
          schemaVersion: 1,
          occurredAt: this.clock.now().toISOString(),
          data: { partnerId, ...endpoints },
        },
        headers: {
          [HEADER.messageId]: randomUUID(),
          [HEADER.type]: 'PartnerEndpointsChanged',
          [HEADER.schemaVersion]: '1',
        },
      },
    ]);
    await this.waitForRow(
      `SELECT 1 FROM authz.partners WHERE partner_id = $1 AND authorization_url IS NOT DISTINCT FROM $2
         AND command_url IS NOT DISTINCT FROM $3`,
      [
        partnerId,
        endpoints.authorizationUrl ? new URL(endpoints.authorizationUrl).toString() : null,
        endpoints.commandUrl ? new URL(endpoints.commandUrl).toString() : null,
      ],
      `endpoints of ${partnerId}`,
    );
  }

  async eventCount(): Promise<number> {
    const { rows } = await this.db.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM es.events WHERE category = 'authorization'`,
    );
    return Number(rows[0].n);
  }

  /** Polls until the query returns a row: the view is filled by a consumer, not by the test. */
  async waitForRow(sql: string, params: unknown[], description: string): Promise<void> {
    await waitFor(async () => (await this.db.query(sql, params)).rows.length > 0, { description, timeoutMs: 5_000 });
  }
}
