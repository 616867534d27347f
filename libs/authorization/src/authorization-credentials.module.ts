import { Module } from '@nestjs/common';
import { CredentialDirectory } from '@roaming/platform';
import { authorizationSettingsProvider } from './config/authorization.settings';
import { CachedCredentialDirectory } from './integration/credentials/cached-credential-directory';

/**
 * The credential directory the API-key guard of the authorization app reads: this context's own copy in schema
 * `authz`, filled by the registry-view consumer from PartnerCredentialIssued/Revoked and PartnerStatusChanged, with
 * a short-lived cache in front (see CachedCredentialDirectory for how soon a revocation takes effect).
 * Pass it to PlatformModule.forRoot({ imports: [AuthorizationCredentialsModule] }); AuthorizationModule imports it
 * too, so that its registry-view consumer clears the same cache.
 */
@Module({
  providers: [
    authorizationSettingsProvider,
    CachedCredentialDirectory,
    { provide: CredentialDirectory, useExisting: CachedCredentialDirectory },
  ],
  exports: [CredentialDirectory, CachedCredentialDirectory, authorizationSettingsProvider.provide],
})
export class AuthorizationCredentialsModule {}
