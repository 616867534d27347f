import { Module } from '@nestjs/common';
import { Database } from '@roaming/event-store';
import { CredentialDirectory, SqlCredentialDirectory } from '@roaming/platform';
import { STATION_SCHEMA } from './registry-view/registry-view.migrations';

/**
 * The credential directory the station-management app authenticates against: this context's own copy in schema
 * `station`, kept by its registry-view consumer. Pass it to PlatformModule.forRoot({ imports: [...] }).
 */
@Module({
  providers: [
    {
      provide: CredentialDirectory,
      inject: [Database],
      useFactory: (db: Database) => new SqlCredentialDirectory(db, STATION_SCHEMA),
    },
  ],
  exports: [CredentialDirectory],
})
export class StationManagementCredentialsModule {}
