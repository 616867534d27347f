import { randomUUID } from 'crypto';
import { Readable } from 'stream';
import {
  ANY,
  type AllStreamResolvedEvent,
  type AppendExpectedRevision,
  type AppendResult,
  BACKWARDS,
  type CurrentRevision,
  END,
  type EventData,
  type EventStoreDBClient,
  NO_STREAM,
  type Position,
  type ReadAllOptions,
  type ReadStreamOptions,
  type ResolvedEvent,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';

interface StoredRecord {
  streamId: string;
  id: string;
  revision: bigint;
  type: string;
  /** The payload as the server keeps it: bytes, JSON text when `isJson`. */
  data: string;
  isJson: boolean;
  metadata: string | undefined;
  position: Position;
  created: Date;
}

/**
 * A test double of the three EventStoreDB client calls the adapter makes (appendToStream, readStream, readAll),
 * following the server's documented behaviour: 0-based revisions checked against the expected revision, a repeated
 * append of the same event ids at the same expected revision acknowledged without writing, StreamNotFoundError for
 * a missing stream, $all in commit order with byte-offset-like positions, reads from a position that include it, and
 * system records ($stats, `$>` links in `$streams`) interleaved with ours. Lets the contract suite exercise the adapter
 * where no server can run; it does not replace the suite against a real server (EVENTSTOREDB_URL).
 */
export class InProcessEventStoreDb {
  private readonly all: StoredRecord[] = [];
  private readonly streams = new Map<string, StoredRecord[]>();
  private offset = 0n;

  readonly client: EventStoreDBClient;

  constructor() {
    this.write('$stats-127.0.0.1:2113', '$statsCollected', JSON.stringify({ proc: 'esdb' }), { isJson: true });
    const double: Pick<EventStoreDBClient, 'appendToStream' | 'readStream' | 'readAll'> = {
      appendToStream: (streamName, events, options) =>
        this.appendToStream(streamName, Array.isArray(events) ? events : [events], options?.expectedRevision ?? ANY),
      readStream: (streamName, options) => this.readStream(streamName, options ?? {}) as never,
      readAll: (options) => this.readAll(options ?? {}) as never,
    };
    this.client = double as unknown as EventStoreDBClient;
  }

  private async appendToStream(
    streamName: string,
    events: readonly EventData[],
    expected: AppendExpectedRevision,
  ): Promise<AppendResult> {
    // Let concurrent callers interleave before the check, as requests to a server do.
    await new Promise((resolve) => setImmediate(resolve));
    const existing = this.streams.get(streamName) ?? [];
    const current: CurrentRevision = existing.length === 0 ? NO_STREAM : BigInt(existing.length - 1);
    if (expected !== ANY && expected !== STREAM_EXISTS) {
      const start = expected === NO_STREAM ? 0 : Number(expected) + 1;
      const again = existing.slice(start, start + events.length);
      if (again.length === events.length && again.every((r, i) => r.id === events[i].id.toLowerCase())) {
        const last = again[again.length - 1];
        return { success: true, nextExpectedRevision: last.revision, position: last.position };
      }
    }
    const accepted =
      expected === ANY ||
      (expected === STREAM_EXISTS && existing.length > 0) ||
      (expected === NO_STREAM && existing.length === 0) ||
      expected === current;
    if (!accepted) {
      throw new WrongExpectedVersionError(undefined, { streamName, expected, current });
    }
    if (existing.length === 0) this.write('$streams', '$>', `0@${streamName}`, { isJson: false });
    const written = events.map((event) =>
      this.write(streamName, event.type, JSON.stringify(event.data), {
        isJson: true,
        metadata: event.metadata === undefined ? undefined : JSON.stringify(event.metadata),
        id: event.id.toLowerCase(),
      }),
    );
    const last = written[written.length - 1];
    return { success: true, nextExpectedRevision: last.revision, position: last.position };
  }

  private readStream(streamName: string, options: ReadStreamOptions): Readable {
    const records = this.streams.get(streamName);
    const { fromRevision = START, direction, maxCount = Number.MAX_SAFE_INTEGER } = options;
    async function* read(): AsyncGenerator<ResolvedEvent> {
      if (!records) throw new StreamNotFoundError(undefined, streamName);
      const backwards = direction === BACKWARDS;
      const last = records.length - 1;
      const from =
        fromRevision === START ? 0 : fromRevision === END ? (backwards ? last : records.length) : Number(fromRevision);
      const picked = backwards ? records.slice(0, from + 1).reverse() : records.slice(from);
      for (const record of picked.slice(0, Number(maxCount))) yield { event: toEvent(record) } as ResolvedEvent;
    }
    return Readable.from(read());
  }

  private readAll(options: ReadAllOptions): Readable {
    const { fromPosition = START, direction, maxCount = Number.MAX_SAFE_INTEGER } = options;
    if (direction === BACKWARDS) throw new Error('the in-process EventStoreDB reads $all forwards only');
    const snapshot = [...this.all];
    async function* read(): AsyncGenerator<AllStreamResolvedEvent> {
      const picked = snapshot.filter((r) => {
        if (fromPosition === START) return true;
        if (fromPosition === END) return false;
        const { commit, prepare } = r.position;
        return commit > fromPosition.commit || (commit === fromPosition.commit && prepare >= fromPosition.prepare);
      });
      for (const record of picked.slice(0, Number(maxCount))) {
        yield { event: toEvent(record), commitPosition: record.position.commit } as AllStreamResolvedEvent;
      }
    }
    return Readable.from(read());
  }

  private write(
    streamId: string,
    type: string,
    data: string,
    { isJson, metadata, id = randomUUID() }: { isJson: boolean; metadata?: string; id?: string },
  ): StoredRecord {
    const stream = this.streams.get(streamId) ?? [];
    // Positions are offsets in the transaction log: increasing, not contiguous.
    this.offset += 137n + BigInt(data.length + (metadata?.length ?? 0));
    const record: StoredRecord = {
      streamId,
      id,
      revision: BigInt(stream.length),
      type,
      data,
      isJson,
      metadata,
      position: { commit: this.offset, prepare: this.offset },
      created: new Date(),
    };
    stream.push(record);
    this.streams.set(streamId, stream);
    this.all.push(record);
    return record;
  }
}

/** A fresh decoded copy for every read, as each read from a server deserializes anew. */
function toEvent(record: StoredRecord) {
  return {
    streamId: record.streamId,
    id: record.id,
    revision: record.revision,
    type: record.type,
    data: record.isJson ? (JSON.parse(record.data) as unknown) : Uint8Array.from(Buffer.from(record.data)),
    metadata: record.metadata === undefined ? undefined : (JSON.parse(record.metadata) as unknown),
    isJson: record.isJson,
    created: record.created,
    position: record.position,
  };
}
