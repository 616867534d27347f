import { type INestApplication, Logger, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppConfig } from '../config/app-config';
import { prepareEmbeddedOperatorKey } from '../config/embedded-operator-key';
import { configureHttpApp, type HttpAppOptions } from './configure-http-app';

/**
 * Every app's main.ts: create the Nest app from its module, apply the platform's HTTP setup and listen where the
 * configuration says. A configuration error ends the process with its full list of violations.
 */
export async function bootstrapApp(appModule: Type<unknown>, options: HttpAppOptions): Promise<INestApplication> {
  const keyFile = prepareEmbeddedOperatorKey();
  const app = await NestFactory.create<NestExpressApplication>(appModule, { bufferLogs: true });
  configureHttpApp(app, options);
  const config = app.get(AppConfig);
  await app.listen(config.port, config.host);
  new Logger('Bootstrap').log(`${config.appName} listening on http://${config.host}:${config.port} (docs at /docs)`);
  if (keyFile) new Logger('Bootstrap').log(`operator API key (embedded mode) is in ${keyFile}`);
  return app;
}
