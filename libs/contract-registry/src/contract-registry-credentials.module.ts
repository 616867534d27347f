import { Module } from '@nestjs/common';
import { Database } from '@roaming/event-store';
import { CredentialDirectory, SqlCredentialDirectory } from '@roaming/platform';
import { REGISTRY_SCHEMA } from './partner/projections/credentials/credentials.projector';

/**
 * Authentication for an app serving the registry: the platform's SqlCredentialDirectory over schema `registry`,
 * which the registry fills from its own partner events (so it authenticates partners from its own store; the
 * operator's bootstrap key comes from the configuration). Pass it to PlatformModule.forRoot({ imports: [...] });
 * needs the global InfrastructureModule for `Database`. ContractRegistryModule creates the tables.
 */
@Module({
  providers: [
    {
      provide: CredentialDirectory,
      inject: [Database],
      useFactory: (db: Database) => new SqlCredentialDirectory(db, REGISTRY_SCHEMA),
    },
  ],
  exports: [CredentialDirectory],
})
export class ContractRegistryCredentialsModule {}
