import type { LoggerService } from '@nestjs/common';
import { logLevel } from 'kafkajs';
import { nestLogCreator } from './kafka-log-creator';

describe('nestLogCreator', () => {
  const logger = () => ({ error: jest.fn(), warn: jest.fn(), log: jest.fn(), debug: jest.fn() });
  const entry = (namespace: string, level: logLevel, message: string, extra: Record<string, unknown> = {}) => ({
    namespace,
    level,
    label: 'ERROR',
    log: { timestamp: '2026-11-22T00:00:00.000Z', logger: 'kafkajs', message, ...extra },
  });

  it('keeps kafkajs errors as errors', () => {
    const nest = logger();
    nestLogCreator(nest as unknown as LoggerService)(logLevel.DEBUG)(
      entry('Producer', logLevel.ERROR, 'Failed to send messages', { error: 'boom' }),
    );
    expect(nest.error).toHaveBeenCalledWith('[Producer] Failed to send messages {"error":"boom"}');
  });

  it('writes the per-topic CreateTopics answer ("already exists" when another process made it) at debug level', () => {
    const nest = logger();
    nestLogCreator(nest as unknown as LoggerService)(logLevel.DEBUG)(
      entry('Connection', logLevel.ERROR, 'Response CreateTopics(key: 19, version: 3)', {
        error: 'Topic creation errors',
      }),
    );
    expect(nest.error).not.toHaveBeenCalled();
    expect(nest.debug).toHaveBeenCalledTimes(1);
  });
});
