import { Module } from '@nestjs/common';
import { Database } from '@roaming/event-store';
import { CredentialDirectory, SqlCredentialDirectory } from '@roaming/platform';
import { CDR_SCHEMA } from './registry-view/registry-view.migrations';

/**
 * Authentication for an app serving this context: the platform's SqlCredentialDirectory over the keys that the
 * registry view copies into schema `cdr`. Pass it to PlatformModule.forRoot({ imports: [...] }); needs the global
 * InfrastructureModule for `Database`. The tables are created by CdrForwardingModule's migrations.
 */
@Module({
  providers: [
    {
      provide: CredentialDirectory,
      inject: [Database],
      useFactory: (db: Database) => new SqlCredentialDirectory(db, CDR_SCHEMA),
    },
  ],
  exports: [CredentialDirectory],
})
export class CdrForwardingCredentialsModule {}
