import { Module } from '@nestjs/common';
import { Database } from '@roaming/event-store';
import { CredentialDirectory, SqlCredentialDirectory } from '@roaming/platform';
import { AUTHZ_SCHEMA } from './integration/registry-view/registry-view.repository';

/**
 * The credential directory the API-key guard of the authorization app reads: this context's own copy in schema
 * `authz`, filled by the registry-view consumer from PartnerCredentialIssued/Revoked and PartnerStatusChanged.
 * Pass it to PlatformModule.forRoot({ imports: [AuthorizationCredentialsModule] }).
 */
@Module({
  providers: [
    {
      provide: CredentialDirectory,
      inject: [Database],
      useFactory: (db: Database) => new SqlCredentialDirectory(db, AUTHZ_SCHEMA),
    },
  ],
  exports: [CredentialDirectory],
})
export class AuthorizationCredentialsModule {}
