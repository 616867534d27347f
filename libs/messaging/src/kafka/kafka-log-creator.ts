import type { LoggerService } from '@nestjs/common';
import { type LogEntry, type logCreator, logLevel } from 'kafkajs';

/** Routes kafkajs' own log lines through a Nest logger instead of its default console writer. */
export function nestLogCreator(logger: LoggerService): logCreator {
  return () =>
    ({ namespace, level, log }: LogEntry) => {
      const { message, timestamp: _timestamp, logger: _logger, ...extra } = log;
      const text = `[${namespace}] ${message}${formatExtra(extra)}`;
      switch (level) {
        case logLevel.ERROR:
          logger.error(text);
          break;
        case logLevel.WARN:
          logger.warn(text);
          break;
        case logLevel.INFO:
          logger.log(text);
          break;
        default:
          logger.debug?.(text);
      }
    };
}

function formatExtra(extra: Record<string, unknown>): string {
  if (Object.keys(extra).length === 0) return '';
  try {
    return ` ${JSON.stringify(extra)}`;
  } catch {
    return '';
  }
}
