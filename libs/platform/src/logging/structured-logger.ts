import type { LoggerService } from '@nestjs/common';
import type { LogFormat, LogLevel } from '../config/app-config';
import { currentCorrelationId } from './correlation';

export interface StructuredLoggerOptions {
  level: LogLevel;
  format: LogFormat;
  appName?: string;
}

export type LogSink = (line: string) => void;

type EntryLevel = LogLevel | 'fatal';

const RANK: Record<EntryLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, fatal: 50 };
const RESERVED = new Set(['time', 'level', 'app', 'context', 'correlationId', 'message', 'stack']);
const STACK_LIKE = /^.+\n\s+at .+/s;

const stdout: LogSink = (line) => {
  process.stdout.write(`${line}\n`);
};

/**
 * Nest logger writing one line per entry to stdout: JSON for log pipelines, or a compact human line.
 * Follows Nest's calling convention: a trailing string argument is the context, a stack-shaped string is a stack;
 * object arguments (or an object message) become extra fields. The current correlation id is added to every line.
 */
export class StructuredLogger implements LoggerService {
  private readonly threshold: number;

  constructor(
    private readonly options: StructuredLoggerOptions,
    private readonly sink: LogSink = stdout,
  ) {
    this.threshold = RANK[options.level];
  }

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  private write(level: EntryLevel, message: unknown, params: unknown[]): void {
    if (RANK[level] < this.threshold) return;
    const rest = [...params];
    const context = rest.length > 0 && typeof rest[rest.length - 1] === 'string' ? (rest.pop() as string) : undefined;
    const fields: Record<string, unknown> = {};
    let stack: string | undefined;
    let text: string;

    if (message instanceof Error) {
      text = message.message;
      stack = message.stack;
    } else if (message !== null && typeof message === 'object') {
      const { message: inner, ...extra } = message as Record<string, unknown>;
      text = typeof inner === 'string' ? inner : '';
      Object.assign(fields, extra);
    } else {
      text = String(message);
    }
    for (const param of rest) {
      if (param === undefined) continue;
      if (typeof param === 'string' && STACK_LIKE.test(param)) stack = param;
      else if (param instanceof Error) {
        stack = param.stack;
        fields.error = param.message;
      } else if (param !== null && typeof param === 'object') Object.assign(fields, param);
      else fields.detail = param;
    }

    const entry: Record<string, unknown> = {
      time: new Date().toISOString(),
      level,
      app: this.options.appName,
      context,
      correlationId: currentCorrelationId(),
      message: text,
    };
    for (const [key, value] of Object.entries(fields)) if (!RESERVED.has(key)) entry[key] = value;
    entry.stack = stack;

    this.sink(this.options.format === 'json' ? toJson(entry) : toPretty(entry, fields));
  }
}

function toJson(entry: Record<string, unknown>): string {
  try {
    return JSON.stringify(entry, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));
  } catch {
    // A circular extra field must not lose the line.
    const { time, level, app, context, correlationId, message, stack } = entry;
    return JSON.stringify({ time, level, app, context, correlationId, message, stack, unserializable: true });
  }
}

function toPretty(entry: Record<string, unknown>, fields: Record<string, unknown>): string {
  const time = String(entry.time).slice(11, 23);
  const context = entry.context ? ` [${String(entry.context)}]` : '';
  const correlation = entry.correlationId ? ` cid=${String(entry.correlationId)}` : '';
  const extra = Object.keys(fields).length > 0 ? ` ${toJson(fields)}` : '';
  const stack = entry.stack ? `\n${String(entry.stack)}` : '';
  return `${time} ${String(entry.level).toUpperCase().padEnd(5)}${context} ${String(entry.message)}${extra}${correlation}${stack}`;
}
