import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppConfig, configureHttpApp } from '@roaming/platform';
import { AppModule } from './app.module';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { bufferLogs: true });
  configureHttpApp(app, {
    title: 'Authorization',
    description:
      "The clearing house's transaction switch: CPOs ask whether a token may charge at their EVSE " +
      '(IEC 63119-2 UC3-1, UC4-1; eMI3 UCE AA); the hub answers from its registry view and publishes the decision.',
  });
  const config = app.get(AppConfig);
  await app.listen(config.port, config.host);
}

void bootstrap();
