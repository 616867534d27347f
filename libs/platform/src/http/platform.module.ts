import { type DynamicModule, type InjectionToken, Module, type ModuleMetadata } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { Database } from '@roaming/event-store';
import { ApiKeyAuthenticator } from '../auth/api-key.authenticator';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { PartnerMessageAuthenticator } from '../auth/partner-message.authenticator';
import { AppConfig } from '../config/app-config';
import type { Environment } from '../config/load-config';
import { PlatformConfigModule } from '../config/platform-config.module';
import { databaseHealthCheck, HEALTH_CHECKS, type HealthCheck } from '../health/health-check';
import { HealthController } from '../health/health.controller';
import { StructuredLogger } from '../logging/structured-logger';
import { ProblemDetailsFilter } from '../problem/problem-details.filter';
import { createValidationPipe } from '../problem/request-validation';

/** Extra readiness checks, built from providers of the app (e.g. the message bus for the Kafka check). */
export interface HealthChecksFactory {
  inject?: InjectionToken[];
  /** Method syntax on purpose: lets the factory declare typed parameters matching `inject`. */
  useFactory(...deps: unknown[]): HealthCheck[] | Promise<HealthCheck[]>;
}

export interface PlatformModuleOptions {
  appName: string;
  /**
   * Modules exporting the providers the platform needs and that are not global: `Database` (readiness) and
   * `CredentialDirectory` (authentication).
   */
  imports?: ModuleMetadata['imports'];
  /** Checks run by GET /health/ready besides the database. */
  healthChecks?: HealthChecksFactory;
  /** Environment to read instead of the process's (tests). */
  env?: Environment;
}

/**
 * The HTTP platform of every app: validated configuration, structured logger, API-key guard with roles,
 * problem+json filter, validation pipe and health endpoints. Global, so that AppConfig, StructuredLogger,
 * ApiKeyAuthenticator and PartnerMessageAuthenticator (the Kafka doors' check) can be injected anywhere.
 */
@Module({})
export class PlatformModule {
  static forRoot(options: PlatformModuleOptions): DynamicModule {
    const extraChecks = options.healthChecks;
    return {
      module: PlatformModule,
      global: true,
      imports: [PlatformConfigModule.forRoot(options.appName, options.env), ...(options.imports ?? [])],
      controllers: [HealthController],
      providers: [
        {
          provide: StructuredLogger,
          inject: [AppConfig],
          useFactory: (config: AppConfig) =>
            new StructuredLogger({ level: config.logLevel, format: config.logFormat, appName: config.appName }),
        },
        ApiKeyAuthenticator,
        PartnerMessageAuthenticator,
        { provide: APP_GUARD, useClass: ApiKeyGuard },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
        {
          provide: HEALTH_CHECKS,
          inject: [Database, ...(extraChecks?.inject ?? [])],
          useFactory: async (db: Database, ...deps: unknown[]): Promise<HealthCheck[]> => [
            databaseHealthCheck(db),
            ...((await extraChecks?.useFactory(...deps)) ?? []),
          ],
        },
      ],
      exports: [
        PlatformConfigModule,
        StructuredLogger,
        ApiKeyAuthenticator,
        PartnerMessageAuthenticator,
        HEALTH_CHECKS,
      ],
    };
  }
}
