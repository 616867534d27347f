import { Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { AppConfig } from './app-config';
import { ConfigValidationError } from './config-validation.error';
import { PlatformConfigModule } from './platform-config.module';

describe('PlatformConfigModule', () => {
  it('provides one AppConfig, injectable by type, however many modules import it with the same arguments', async () => {
    @Module({ imports: [PlatformConfigModule.forRoot('energy', { PORT: '4100' })] })
    class First {}
    @Module({ imports: [PlatformConfigModule.forRoot('energy', { PORT: '4100' })] })
    class Second {}

    const moduleRef = await Test.createTestingModule({ imports: [First, Second] }).compile();
    const config = moduleRef.get(AppConfig);
    expect(config).toMatchObject({ appName: 'energy', port: 4100 });
    // Nest 11 identifies dynamic modules by reference: the same object means the same module.
    expect(PlatformConfigModule.forRoot('energy', { PORT: '4100' })).toBe(
      PlatformConfigModule.forRoot('energy', { PORT: '4100' }),
    );
  });

  it('fails the bootstrap with every violation', async () => {
    const building = Test.createTestingModule({
      imports: [PlatformConfigModule.forRoot('energy', { MODE: 'server', PORT: 'x' })],
    }).compile();
    await expect(building).rejects.toThrow(ConfigValidationError);
    await expect(building).rejects.toThrow(
      /PORT \[port\][\s\S]*DATABASE_URL \[required\][\s\S]*KAFKA_BROKERS \[required\]/,
    );
  });
});
