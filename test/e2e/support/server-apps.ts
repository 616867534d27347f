import type { INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { configureHttpApp } from '@roaming/platform';

/**
 * Starts one app the way its main.ts does, with its own environment. The configuration is read while the module
 * initialises, so each app gets its own DATABASE_URL even though they share this Jest process.
 */
export async function startApp(
  appModule: Type<unknown>,
  title: string,
  env: Record<string, string>,
): Promise<INestApplication> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const app = await NestFactory.create<NestExpressApplication>(appModule, { logger: ['error', 'warn'] });
    configureHttpApp(app, { title, description: `${title} (e2e)` });
    await app.init();
    return app;
  } finally {
    process.env = saved;
  }
}
