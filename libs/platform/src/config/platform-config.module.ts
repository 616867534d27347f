import { type DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from './app-config';
import { type Environment, loadConfig } from './load-config';

/**
 * Nest 11 tells dynamic modules apart by object reference: handing out the same object for the same arguments
 * lets PlatformModule and InfrastructureModule both import the configuration and still share one AppConfig.
 */
const modules = new Map<string, DynamicModule>();

/**
 * Provides `AppConfig` to the whole application. The configuration is built by a factory, so an invalid environment
 * fails Nest's bootstrap with the full list of violations and the process exits with a non-zero code.
 */
@Module({})
export class PlatformConfigModule {
  /** `env` is for tests; production reads the process environment. */
  static forRoot(appName: string, env?: Environment): DynamicModule {
    const key = JSON.stringify([appName, env ?? null]);
    let module = modules.get(key);
    if (!module) {
      module = {
        module: PlatformConfigModule,
        global: true,
        providers: [{ provide: AppConfig, useFactory: () => loadConfig(appName, env) }],
        exports: [AppConfig],
      };
      modules.set(key, module);
    }
    return module;
  }
}
