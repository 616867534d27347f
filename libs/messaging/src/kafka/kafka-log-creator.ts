import type { LoggerService } from '@nestjs/common';
import { type LogEntry, type logCreator, logLevel } from 'kafkajs';

/** Routes kafkajs' own log lines through a Nest logger instead of its default console writer. */
export function nestLogCreator(logger: LoggerService): logCreator {
  return () =>
    ({ namespace, level, log }: LogEntry) => {
      const { message, timestamp: _timestamp, logger: _logger, ...extra } = log;
      const text = `[${namespace}] ${message}${formatExtra(extra)}`;
      switch (isTopicAlreadyThere(namespace, message, extra) ? logLevel.DEBUG : level) {
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

/**
 * kafkajs logs an error for every CreateTopics answer that carries a per-topic error, and topics are created by every
 * process that uses them, so most answers say "already exists". The bus creates topics idempotently and a real
 * failure reaches it as a rejected createTopics call, so the connection-level line is only noise for operators.
 */
function isTopicAlreadyThere(namespace: string, message: string, extra: Record<string, unknown>): boolean {
  return (
    namespace === 'Connection' && message.startsWith('Response CreateTopics') && extra.error === 'Topic creation errors'
  );
}

function formatExtra(extra: Record<string, unknown>): string {
  if (Object.keys(extra).length === 0) return '';
  try {
    return ` ${JSON.stringify(extra)}`;
  } catch {
    return '';
  }
}
