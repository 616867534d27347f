import { Readable } from 'stream';
import type { EventStoreDBClient } from '@eventstore/db-client';

export interface InstrumentedClient {
  client: EventStoreDBClient;
  /**
   * From now on, reads return `data` for the event at 1-based `streamPosition` of `stream`. ESDB events are immutable
   * and cannot be rewritten through the client, so this stands in for someone altering the server's files: what the
   * store reads back is no longer what it hashed.
   */
  tamper(stream: string, streamPosition: number, data: unknown): void;
  /** Runs `interleave` right before the next appendToStream reaches the server (a writer getting in between). */
  beforeNextAppend(interleave: () => Promise<void>): void;
}

interface EventLike {
  streamId: string;
  revision: bigint;
  data: unknown;
}

/** Wraps a client (real or in-process) with the two seams the ESDB tests need; everything else passes through. */
export function instrumentedClient(inner: EventStoreDBClient): InstrumentedClient {
  const altered = new Map<string, unknown>();
  let interleave: (() => Promise<void>) | undefined;

  async function* alter<R extends { event?: EventLike }>(source: AsyncIterable<R>): AsyncGenerator<R> {
    for await (const resolved of source) {
      const key = resolved.event && `${resolved.event.streamId}@${resolved.event.revision}`;
      yield key && altered.has(key) ? { ...resolved, event: { ...resolved.event, data: altered.get(key) } } : resolved;
    }
  }

  const client = new Proxy(inner, {
    get(target, property) {
      if (property === 'readStream') {
        return (...args: Parameters<EventStoreDBClient['readStream']>) =>
          Readable.from(alter(target.readStream(...args)));
      }
      if (property === 'readAll') {
        return (...args: Parameters<EventStoreDBClient['readAll']>) => Readable.from(alter(target.readAll(...args)));
      }
      if (property === 'appendToStream') {
        return async (...args: Parameters<EventStoreDBClient['appendToStream']>) => {
          const before = interleave;
          interleave = undefined;
          await before?.();
          return target.appendToStream(...args);
        };
      }
      // The client keeps private state keyed by the instance: call it on the real one, not on the proxy.
      const value: unknown = Reflect.get(target, property);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });

  return {
    client,
    tamper: (stream, streamPosition, data) => altered.set(`${stream}@${BigInt(streamPosition - 1)}`, data),
    beforeNextAppend: (next) => {
      interleave = next;
    },
  };
}
