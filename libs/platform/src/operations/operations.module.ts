import {
  type DynamicModule,
  Inject,
  type MiddlewareConsumer,
  Module,
  type NestModule,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
  type OnModuleInit,
  RequestMethod,
} from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Database, EventStore } from '@roaming/event-store';
import { AppConfig } from '../config/app-config';
import { AnchorKeeper } from './anchors/anchor-keeper';
import { ReadAnchorsController, RecordAnchorController } from './anchors/anchors.controller';
import { AuditKeyring } from './anchors/audit-keyring';
import { AuditDeciders } from './audit/audit-deciders';
import { AuditLog } from './audit/audit-log';
import { ExportController } from './audit/export/export.controller';
import { ReadHistoryController } from './audit/read-history/read-history.controller';
import { ReadStreamController } from './audit/read-stream/read-stream.controller';
import { StateAsOfController } from './audit/state-as-of/state-as-of.controller';
import { VerifyController } from './audit/verify/verify.controller';
import { DeadLetterCapture } from './dead-letters/dead-letter-capture';
import { DeadLetterOperations } from './dead-letters/dead-letter-operations';
import { deadLettersProjection } from './dead-letters/dead-letters.projection';
import { DEAD_LETTERS_PROJECTION, DeadLettersReadModel } from './dead-letters/dead-letters.read-model';
import { DiscardDeadLetterController } from './dead-letters/features/discard-dead-letter/discard-dead-letter.controller';
import { InspectDeadLetterController } from './dead-letters/features/inspect-dead-letter/inspect-dead-letter.controller';
import { ListDeadLettersController } from './dead-letters/features/list-dead-letters/list-dead-letters.controller';
import { ReplayDeadLetterController } from './dead-letters/features/replay-dead-letter/replay-dead-letter.controller';
import { OPERATIONS_OPTIONS, type OperationsOptions, operationsSchema } from './operations.options';
import { ListProcessorsController } from './processors/list-processors.controller';
import { ProcessorStatus } from './processors/processor-status';
import { RebuildProjectionController } from './processors/rebuild-projection.controller';
import { VersionedProjection } from './projections/versioned-projection';
import { VersionedProjections } from './projections/versioned-projections';
import { HttpTraceMiddleware } from './trace/http-trace.middleware';
import { HttpTraceRecorder } from './trace/http-trace.recorder';
import { ReadHttpTracesController } from './trace/read-http-traces.controller';

/**
 * The operator's and the auditor's doors that every app serves over its own store (in server mode each app may have
 * its own database, so no app can answer for another): dead letters of the topics it consumes, its processors and
 * versioned projections (status, lag, rebuild), audit reads, "state as of", verification, signed anchors, JSON-lines
 * exports, and a trace of every HTTP call. Needs the global InfrastructureModule and PlatformModule.
 */
@Module({})
export class OperationsModule implements NestModule, OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  constructor(
    private readonly capture: DeadLetterCapture,
    @Inject(DEAD_LETTERS_PROJECTION) private readonly deadLetters: VersionedProjection,
    private readonly traces: HttpTraceRecorder,
    private readonly anchors: AnchorKeeper,
  ) {}

  static forApp(options: OperationsOptions = {}): DynamicModule {
    return {
      module: OperationsModule,
      imports: [DiscoveryModule],
      controllers: [
        ListDeadLettersController,
        InspectDeadLetterController,
        ReplayDeadLetterController,
        DiscardDeadLetterController,
        ListProcessorsController,
        RebuildProjectionController,
        ReadStreamController,
        StateAsOfController,
        ReadHistoryController,
        VerifyController,
        ExportController,
        ReadAnchorsController,
        RecordAnchorController,
        ReadHttpTracesController,
      ],
      providers: [
        { provide: OPERATIONS_OPTIONS, useValue: options },
        {
          provide: AuditKeyring,
          inject: [AppConfig],
          useFactory: (config: AppConfig) => AuditKeyring.fromConfig(config),
        },
        {
          provide: DEAD_LETTERS_PROJECTION,
          inject: [AppConfig, Database, EventStore],
          useFactory: (config: AppConfig, db: Database, store: EventStore) =>
            new VersionedProjection(db, store, deadLettersProjection(config.appName, operationsSchema(config.appName))),
        },
        DeadLettersReadModel,
        DeadLetterCapture,
        DeadLetterOperations,
        VersionedProjections,
        ProcessorStatus,
        AuditDeciders,
        AuditLog,
        AnchorKeeper,
        HttpTraceRecorder,
        HttpTraceMiddleware,
      ],
      exports: [AuditDeciders, VersionedProjections, AnchorKeeper, HttpTraceRecorder, AuditLog],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpTraceMiddleware).forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }

  /** Subscribed before any forwarder publishes (they start at bootstrap), like every consumer. */
  async onModuleInit(): Promise<void> {
    await this.capture.start();
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.deadLetters.catchUp();
    this.deadLetters.start();
    this.traces.start();
    this.anchors.start();
  }

  /** Before the infrastructure closes the database: the last traces are appended, nothing is left running. */
  async onModuleDestroy(): Promise<void> {
    await this.anchors.stop();
    await this.traces.stop();
    await this.deadLetters.stop();
    await this.capture.stop();
  }
}
