import type { RecordedEvent } from '../event-store.port';
import { chainHash, GENESIS_HASH } from '../hash-chain';
import type { AuditReader, HeadMismatch } from './audit-reader';

/**
 * What a re-computation of the hash chains found wrong, pinned to a stream position (and global position when the
 * event is there to name one):
 * - `altered`: the stored hash does not match the event's content and its predecessor's hash;
 * - `missing`: positions of the stream are absent (deleted rows);
 * - `truncated`: the stream's head (es.streams, written under the append lock) names events that are gone;
 * - `head-mismatch`: the head's last hash or position contradicts the last stored event.
 */
export interface ChainIssue {
  kind: 'altered' | 'missing' | 'truncated' | 'head-mismatch';
  streamName: string;
  streamPosition: number;
  globalPosition?: string;
  detail: string;
}

export interface ChainVerification {
  valid: boolean;
  streams: number;
  events: number;
  /** The first issues found, in stream order (capped); `issueCount` has them all. */
  issues: ChainIssue[];
  issueCount: number;
}

interface StreamProgress {
  /** The next position expected. */
  expected: number;
  /** The stored hash of the stream's last event seen: what the next one must chain from. */
  previousHash: string;
  /** The batch that last touched it: idle streams are forgotten, and looked up again if they go on. */
  touched: number;
}

const EVICT_EVERY_BATCHES = 5;

/**
 * Re-computes hash chains from events fed in store order, batch by batch (each stream's events in position order,
 * streams interleaved), keeping only recently active streams in memory: a stream that goes on after it was
 * forgotten chains from its previous event's stored hash, looked up for the batch (`previousNeeded`). Each stream's
 * head is compared with its last event by the database in one pass (`headMismatches`).
 */
export class ChainChecker {
  private readonly progress = new Map<string, StreamProgress>();
  private batches = 0;
  private events = 0;
  private issueCount = 0;
  private readonly issues: ChainIssue[] = [];

  constructor(
    private readonly maxIssues = 100,
    /** Batches a stream may stay idle before it is forgotten. */
    private readonly idleBatches = 20,
  ) {}

  /** The stored hashes this batch needs: of the event before the first one met of each stream not in memory. */
  previousNeeded(batch: readonly RecordedEvent[]): { streamName: string; streamPosition: number }[] {
    const needed = new Map<string, number>();
    for (const event of batch) {
      if (this.progress.has(event.streamName) || needed.has(event.streamName)) continue;
      needed.set(event.streamName, event.streamPosition - 1);
    }
    return [...needed]
      .filter(([, position]) => position > 0)
      .map(([streamName, streamPosition]) => ({ streamName, streamPosition }));
  }

  /** `previous`: stored hashes by `stream@position`, as `AuditReader.storedHashes` answers `previousNeeded`. */
  acceptBatch(batch: readonly RecordedEvent[], previous: ReadonlyMap<string, string> = new Map()): void {
    this.batches++;
    for (const event of batch) this.accept(event, previous);
    if (this.batches % EVICT_EVERY_BATCHES === 0) {
      for (const [streamName, stream] of this.progress) {
        if (stream.touched < this.batches - this.idleBatches) this.progress.delete(streamName);
      }
    }
  }

  /** The streams whose head disagrees with their last stored event. */
  headMismatches(mismatches: readonly HeadMismatch[]): void {
    for (const { streamName, head, last } of mismatches) {
      if (!head && last) {
        this.report({
          kind: 'head-mismatch',
          streamName,
          streamPosition: last.streamPosition,
          globalPosition: last.globalPosition,
          detail: 'the stream has events but no head in es.streams',
        });
      } else if (head && !last) {
        this.report({
          kind: 'truncated',
          streamName,
          streamPosition: 1,
          detail: `the stream's head names ${head.streamPosition} events, none is stored`,
        });
      } else if (head && last && head.streamPosition > last.streamPosition) {
        this.report({
          kind: 'truncated',
          streamName,
          streamPosition: last.streamPosition + 1,
          detail: `the stream's head names ${head.streamPosition} events, the last stored is position ${last.streamPosition}`,
        });
      } else if (head && last) {
        this.report({
          kind: 'head-mismatch',
          streamName,
          streamPosition: last.streamPosition,
          globalPosition: last.globalPosition,
          detail:
            head.streamPosition < last.streamPosition
              ? `events beyond the stream's head (position ${head.streamPosition}): they were added`
              : `the stream's head does not end with the last stored event's hash`,
        });
      }
    }
  }

  result(streams: number): ChainVerification {
    return {
      valid: this.issueCount === 0,
      streams,
      events: this.events,
      issues: [...this.issues],
      issueCount: this.issueCount,
    };
  }

  private accept(event: RecordedEvent, previous: ReadonlyMap<string, string>): void {
    this.events++;
    let stream = this.progress.get(event.streamName);
    if (!stream) {
      const before =
        event.streamPosition === 1 ? GENESIS_HASH : previous.get(`${event.streamName}@${event.streamPosition - 1}`);
      if (before === undefined) {
        this.report({
          kind: 'missing',
          streamName: event.streamName,
          streamPosition: event.streamPosition - 1,
          globalPosition: event.globalPosition,
          detail: `position ${event.streamPosition - 1} is missing before global position ${event.globalPosition}`,
        });
      }
      stream = { expected: event.streamPosition, previousHash: before ?? '', touched: this.batches };
      this.progress.set(event.streamName, stream);
      if (before === undefined) {
        this.advance(stream, event);
        return;
      }
    }
    if (event.streamPosition !== stream.expected) {
      this.report({
        kind: 'missing',
        streamName: event.streamName,
        streamPosition: Math.min(stream.expected, event.streamPosition),
        globalPosition: event.globalPosition,
        detail:
          event.streamPosition > stream.expected
            ? `positions ${stream.expected}..${event.streamPosition - 1} are missing before global position ${event.globalPosition}`
            : `position ${event.streamPosition} appears again at global position ${event.globalPosition}`,
      });
    } else if (chainHash(stream.previousHash, event) !== event.hash) {
      this.report({
        kind: 'altered',
        streamName: event.streamName,
        streamPosition: event.streamPosition,
        globalPosition: event.globalPosition,
        detail: `the stored hash does not match the event's content and its predecessor: this event (or, when its own hash was recomputed, the one before it) was altered`,
      });
    }
    this.advance(stream, event);
  }

  /** Carry on from what is stored, so that one altered event is reported once, not with everything after it. */
  private advance(stream: StreamProgress, event: RecordedEvent): void {
    stream.previousHash = event.hash;
    stream.expected = event.streamPosition + 1;
    stream.touched = this.batches;
  }

  private report(issue: ChainIssue): void {
    this.issueCount++;
    if (this.issues.length < this.maxIssues) this.issues.push(issue);
  }
}

/**
 * Verifies one stream, the streams of some categories, or (no categories) every stream of the store: every hash
 * re-computed from the stored content in one sequential read of the events, and every stream's head compared with
 * its last event by one query. Run it in one snapshot (REPEATABLE READ) so that appends meanwhile change nothing.
 */
export async function verifyChains(
  reader: AuditReader,
  scope: { streamName?: string; categories?: readonly string[] } = {},
  options: { batchSize?: number; maxIssues?: number } = {},
): Promise<ChainVerification> {
  const checker = new ChainChecker(options.maxIssues);
  if (scope.streamName !== undefined) {
    const events = await reader.readStream(scope.streamName);
    const head = await reader.streamHead(scope.streamName);
    checker.acceptBatch(events);
    const last = events[events.length - 1];
    const agrees = head && last && head.streamPosition === last.streamPosition && head.lastHash === last.hash;
    if (!agrees && (head || last)) {
      checker.headMismatches([
        {
          streamName: scope.streamName,
          head:
            head && head.streamPosition > 0 ? { streamPosition: head.streamPosition, lastHash: head.lastHash } : null,
          last: last
            ? { streamPosition: last.streamPosition, hash: last.hash, globalPosition: last.globalPosition }
            : null,
        },
      ]);
    }
    return checker.result(head || last ? 1 : 0);
  }
  for await (const batch of reader.eventsInStoreOrder(scope.categories, options.batchSize)) {
    checker.acceptBatch(batch, await reader.storedHashes(checker.previousNeeded(batch)));
  }
  checker.headMismatches(await reader.headMismatches(scope.categories));
  return checker.result(await reader.streamCount(scope.categories));
}
