import { NestFactory } from '@nestjs/core';
import { uniqueSuffix, createTestDatabase, testKafkaBrokers } from '@roaming/testing';
import { AppModule } from '../../../apps/station-management/src/app.module';

async function main() {
  const database = await createTestDatabase('prof_station');
  Object.assign(process.env, {
    MODE: 'server', DATABASE_URL: database.url, KAFKA_BROKERS: testKafkaBrokers().join(','),
    KAFKA_TOPIC_PREFIX: `prof-${uniqueSuffix()}.`, OPERATOR_API_KEY: `op_${uniqueSuffix(16)}`, LOG_LEVEL: 'warn', PORT: '3999',
  });
  const app = await NestFactory.create(AppModule, { logger: ['error', 'warn'] });
  await app.listen(3999, '127.0.0.1');
  process.stdout.write(`READY ${process.env.KAFKA_TOPIC_PREFIX} ${database.url}\n`);
  await new Promise((r) => setTimeout(r, Number(process.argv[2] ?? 60) * 1000));
  await app.close();
  await database.drop();
  process.exit(0);
}
void main();
