import {
  Body,
  Controller,
  Get,
  HttpCode,
  Injectable,
  Module,
  Param,
  type OnModuleDestroy,
  type OnModuleInit,
  Post,
} from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import {
  Database,
  EventStore,
  handleCommand,
  type RecordedEvent,
  runMigrations,
  type SqlExecutor,
} from '@roaming/event-store';
import { HEADER, InProcessMessageBus, MessageBus, type Subscription } from '@roaming/messaging';
import { type Decider, DomainError, streamName } from '@roaming/shared-kernel';
import { IsInt, IsString } from 'class-validator';
import { randomUUID } from 'crypto';
import { generateApiKey } from '../../auth/api-key';
import { CurrentPrincipal, Roles } from '../../auth/auth.decorators';
import { CredentialDirectory } from '../../auth/credential-directory';
import { credentialDirectoryMigrations } from '../../auth/credential-directory.migrations';
import type { Principal } from '../../auth/principal';
import { SqlCredentialDirectory } from '../../auth/sql-credential-directory';
import { configureHttpApp } from '../../http/configure-http-app';
import { PlatformModule } from '../../http/platform.module';
import { InfrastructureModule } from '../../infrastructure/infrastructure.module';
import { OperationsModule } from '../operations.module';
import { VersionedProjection, type VersionedProjectionDefinition } from '../projections/versioned-projection';

/*
 * A tiny context to operate and audit: "meters" counted up by CPOs over HTTP (one stream per meter, a decider),
 * a versioned projection of the totals, and a consumer of a topic that refuses poison messages.
 */
export const APP_NAME = 'ops-e2e';
export const METER_TOPIC = 'ops-e2e.readings.v1';
export const READINGS_GROUP = 'ops-e2e.readings';
const SCHEMA = 'ops_e2e_ctx';

type MeterEvent = { type: 'MeterAdvanced'; data: { meterId: string; by: number } };
type MeterCommand = { type: 'AdvanceMeter'; data: { meterId: string; by: number } };
export const meterDecider: Decider<{ total: number }, MeterCommand, MeterEvent> = {
  initialState: () => ({ total: 0 }),
  decide: (command) => {
    if (command.data.by <= 0) throw DomainError.validation('METER_STEP_INVALID', 'by must be positive');
    return [{ type: 'MeterAdvanced', data: command.data }];
  },
  evolve: (state, event) => ({ total: state.total + event.data.by }),
};
export const meterStream = (meterId: string) => streamName('meter', meterId);

export const meterTotals: VersionedProjectionDefinition = {
  name: `${SCHEMA}.meter_totals`,
  categories: ['meter'],
  table: (version) => `${SCHEMA}.meter_totals_v${version}`,
  createTable: (table) => `
    CREATE SCHEMA IF NOT EXISTS ${SCHEMA};
    CREATE TABLE IF NOT EXISTS ${table} (meter_id text PRIMARY KEY, total bigint NOT NULL, position bigint NOT NULL)`,
  project: async (events: readonly RecordedEvent[], tx: SqlExecutor, table: string) => {
    for (const event of events) {
      const { meterId, by } = event.data as MeterEvent['data'];
      await tx.query(
        `INSERT INTO ${table} (meter_id, total, position) VALUES ($1, $2, $3)
         ON CONFLICT (meter_id) DO UPDATE SET total = ${table}.total + EXCLUDED.total, position = EXCLUDED.position
         WHERE ${table}.position < EXCLUDED.position`,
        [meterId, by, event.streamPosition],
      );
    }
  },
};

@Injectable()
export class MeterTotalsProjection extends VersionedProjection {
  constructor(db: Database, store: EventStore) {
    super(db, store, meterTotals, 200);
  }
}

class AdvanceMeterDto {
  @IsString()
  meterId!: string;

  @IsInt()
  by!: number;
}

@Controller('v1/meters')
class MetersController {
  constructor(
    private readonly store: EventStore,
    private readonly db: Database,
    private readonly totals: MeterTotalsProjection,
  ) {}

  /** Reads whichever version of the projection is active: the query side of a rebuild. */
  @Get(':meterId')
  @Roles('cpo')
  async read(@Param('meterId') meterId: string) {
    const table = this.totals.table();
    const { rows } = await this.db.query<{ total: string }>(`SELECT total::text FROM ${table} WHERE meter_id = $1`, [
      meterId,
    ]);
    if (!rows[0]) throw DomainError.notFound('METER_NOT_FOUND', `meter ${meterId} has no readings`);
    return { meterId, total: Number(rows[0].total), table };
  }

  @Post()
  @HttpCode(201)
  @Roles('cpo')
  async advance(@Body() body: AdvanceMeterDto, @CurrentPrincipal() principal: Principal) {
    const { state } = await handleCommand(
      this.store,
      meterStream(body.meterId),
      meterDecider,
      { type: 'AdvanceMeter', data: { meterId: body.meterId, by: body.by } },
      { metadata: { actor: principal.partnerId } },
    );
    return state;
  }
}

/** Applies readings from Kafka; a body with `poison: true` fails every attempt and is dead-lettered. */
@Injectable()
export class ReadingsConsumer implements OnModuleInit, OnModuleDestroy {
  private subscription?: Subscription;
  /** Flip to let poison messages through (the cause was fixed, the operator replays). */
  static healed = false;

  constructor(
    private readonly bus: MessageBus,
    private readonly db: Database,
  ) {}

  async onModuleInit(): Promise<void> {
    await runMigrations(this.db, [
      {
        id: 'ops-e2e/001-readings',
        sql: `CREATE SCHEMA IF NOT EXISTS ${SCHEMA};
              CREATE TABLE IF NOT EXISTS ${SCHEMA}.readings (message_id text PRIMARY KEY, body jsonb NOT NULL, raw text)`,
      },
    ]);
    this.subscription = await this.bus.subscribe({
      groupId: READINGS_GROUP,
      topics: [METER_TOPIC],
      maxAttempts: 2,
      handler: async (message, { tx }) => {
        const body = JSON.parse(message.rawValue) as { poison?: boolean };
        if (body.poison && !ReadingsConsumer.healed) throw new Error('reading refused: meter unknown');
        await tx.query(`INSERT INTO ${SCHEMA}.readings (message_id, body, raw) VALUES ($1, $2::jsonb, $3)`, [
          message.headers[HEADER.messageId],
          message.rawValue,
          message.rawValue,
        ]);
      },
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.subscription?.close();
  }
}

@Module({
  controllers: [MetersController],
  providers: [MeterTotalsProjection, ReadingsConsumer],
})
class MetersModule implements OnModuleInit, OnModuleDestroy {
  constructor(private readonly projection: MeterTotalsProjection) {}
  async onModuleInit(): Promise<void> {
    await this.projection.catchUp();
    this.projection.start();
  }
  async onModuleDestroy(): Promise<void> {
    await this.projection.stop();
  }
}

export interface OperationsFixture {
  app: NestExpressApplication;
  db: Database;
  bus: InProcessMessageBus;
  operatorKey: string;
  cpoKey: string;
  auditorKey: string;
  close(): Promise<void>;
}

/** The tiny context with OperationsModule on a given database (PGlite or PostgreSQL) and an in-process bus. */
export async function startOperationsFixture(db: Database): Promise<OperationsFixture> {
  const operatorKey = `op_${randomUUID()}`;
  const env = { MODE: 'embedded', DATA_DIR: 'memory://', LOG_LEVEL: 'error', OPERATOR_API_KEY: operatorKey };
  const bus = new InProcessMessageBus({ database: db });
  const cpo = generateApiKey();
  const auditor = generateApiKey();
  const schema = 'ops_e2e_keys';

  @Module({
    providers: [
      {
        provide: CredentialDirectory,
        inject: [Database],
        useFactory: async (database: Database) => {
          await runMigrations(database, credentialDirectoryMigrations(schema));
          const directory = new SqlCredentialDirectory(database, schema);
          await database.transaction(async (tx) => {
            await directory.upsertCredential(tx, { ...cpo, partnerId: 'cpo-1', partyIds: ['DEABC'], roles: ['cpo'] });
            await directory.upsertCredential(tx, {
              ...auditor,
              partnerId: 'auditor-1',
              partyIds: [],
              roles: ['auditor'],
            });
          });
          return directory;
        },
      },
    ],
    exports: [CredentialDirectory],
  })
  class KeysModule {}

  const moduleRef = await Test.createTestingModule({
    imports: [
      InfrastructureModule.forRoot(APP_NAME, { env, database: db, messageBus: bus }),
      PlatformModule.forRoot({ appName: APP_NAME, env, imports: [KeysModule] }),
      MetersModule,
      OperationsModule.forApp({
        consumedTopics: [METER_TOPIC],
        deciders: [{ category: 'meter', decider: meterDecider }],
        anchorIntervalMs: 0,
        traceFlushIntervalMs: 50,
      }),
    ],
  }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bufferLogs: true });
  configureHttpApp(app, { title: 'Operations e2e', description: 'test' });
  await app.init();
  return {
    app,
    db,
    bus,
    operatorKey,
    cpoKey: cpo.key,
    auditorKey: auditor.key,
    close: async () => {
      await app.close();
      await bus.close();
    },
  };
}
