import { Module, type Type } from '@nestjs/common';
import { infrastructureHealthChecks, InfrastructureModule } from '../infrastructure/infrastructure.module';
import { PartnerDirectoryModule } from '../partner-directory/partner-directory.module';
import { PlatformModule } from './platform.module';
import { OperationsModule } from '../operations/operations.module';
import { TOPICS } from '@roaming/contracts';

/**
 * The module of a deployable whose bounded context has no use cases yet: configuration, adapters, its own copy of
 * the partner directory (from the registry's topic, in `schema`), health and docs. One definition for all of them.
 */
export function platformAppModule(appName: string, schema: string): Type<unknown> {
  @Module({
    imports: [
      InfrastructureModule.forRoot(appName),
      PlatformModule.forRoot({ appName, healthChecks: infrastructureHealthChecks }),
      PartnerDirectoryModule.forContext({ schema, groupId: `${appName}.partner-directory` }),
      // The operator's and auditor's doors over the app's own database (dead letters, processors, audit).
      OperationsModule.forApp({ consumedTopics: [TOPICS.contractRegistryEvents] }),
    ],
  })
  class PlatformAppModule {}
  return PlatformAppModule;
}
