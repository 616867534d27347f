import type { RecordedEvent } from '../event-store.port';
import { chainHash, GENESIS_HASH } from '../hash-chain';
import type { AuditReader, StreamHead } from './audit-reader';

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

interface OpenStream {
  expected: number;
  previousHash: string;
  head: StreamHead | undefined;
  last?: RecordedEvent;
}

/**
 * Re-computes hash chains from events fed in store order (each stream's events in position order, streams
 * interleaved) and compares every stream with its head. Only streams not yet at their head are kept in memory.
 */
export class ChainChecker {
  private readonly open = new Map<string, OpenStream>();
  private streams = 0;
  private events = 0;
  private issueCount = 0;
  private readonly issues: ChainIssue[] = [];

  constructor(private readonly maxIssues = 100) {}

  /** Whether the stream's head is still needed: it has no open entry yet. */
  needsHead(streamName: string): boolean {
    return !this.open.has(streamName);
  }

  /** `head` is the stream's es.streams row (undefined when it has none); only read for a stream not yet open. */
  accept(event: RecordedEvent, head: () => StreamHead | undefined): void {
    let stream = this.open.get(event.streamName);
    if (!stream) {
      stream = { expected: 1, previousHash: GENESIS_HASH, head: head() };
      this.open.set(event.streamName, stream);
      this.streams++;
    }
    this.events++;
    if (stream.expected === 1 && stream.head && event.streamPosition > stream.head.streamPosition) {
      this.report({
        kind: 'head-mismatch',
        streamName: event.streamName,
        streamPosition: event.streamPosition,
        globalPosition: event.globalPosition,
        detail: `an event beyond the stream's head (position ${stream.head.streamPosition}): it was added`,
      });
      // Its stream was finished at its head already; this event is reported on its own.
      this.open.delete(event.streamName);
      this.streams--;
      return;
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
    // Carry on from what is stored, so that one altered event is reported once, not with everything after it.
    stream.previousHash = event.hash;
    stream.expected = event.streamPosition + 1;
    stream.last = event;
    if (stream.head && event.streamPosition >= stream.head.streamPosition) {
      this.finish(event.streamName, stream);
      this.open.delete(event.streamName);
    }
  }

  /** A stream whose head remains but whose events are all gone. */
  emptied(head: StreamHead): void {
    this.streams++;
    this.report({
      kind: 'truncated',
      streamName: head.streamName,
      streamPosition: 1,
      detail: `the stream's head names ${head.streamPosition} events, none is stored`,
    });
  }

  result(): ChainVerification {
    for (const [streamName, stream] of this.open) this.finish(streamName, stream);
    this.open.clear();
    return {
      valid: this.issueCount === 0,
      streams: this.streams,
      events: this.events,
      issues: [...this.issues],
      issueCount: this.issueCount,
    };
  }

  private finish(streamName: string, stream: OpenStream): void {
    const last = stream.last;
    const head = stream.head;
    if (!last) return;
    if (!head) {
      this.report({
        kind: 'head-mismatch',
        streamName,
        streamPosition: last.streamPosition,
        globalPosition: last.globalPosition,
        detail: 'the stream has events but no head in es.streams',
      });
    } else if (head.streamPosition > last.streamPosition) {
      this.report({
        kind: 'truncated',
        streamName,
        streamPosition: last.streamPosition + 1,
        detail: `the stream's head names ${head.streamPosition} events, the last stored is position ${last.streamPosition}`,
      });
    } else if (head.streamPosition < last.streamPosition || head.lastHash !== last.hash) {
      this.report({
        kind: 'head-mismatch',
        streamName,
        streamPosition: last.streamPosition,
        globalPosition: last.globalPosition,
        detail: `the stream's head (position ${head.streamPosition}) does not end with the last stored event's hash`,
      });
    }
  }

  private report(issue: ChainIssue): void {
    this.issueCount++;
    if (this.issues.length < this.maxIssues) this.issues.push(issue);
  }
}

/**
 * Verifies one stream, the streams of some categories, or (no categories) every stream of the store. The store is
 * read once, in insertion order; each stream's head is looked up when its first event is met.
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
    for (const event of events) checker.accept(event, () => head);
    if (events.length === 0 && head && head.streamPosition > 0) checker.emptied(head);
    return checker.result();
  }
  for await (const batch of reader.eventsInStoreOrder(scope.categories, options.batchSize)) {
    // A stream first met after its first position (its start is missing) needs its head looked up apart.
    const openedHere = new Set<string>();
    const lookups = new Set<string>();
    for (const { event, head } of batch) {
      if (!checker.needsHead(event.streamName) || openedHere.has(event.streamName)) continue;
      openedHere.add(event.streamName);
      if (head === undefined) lookups.add(event.streamName);
    }
    const looked = lookups.size > 0 ? await reader.streamHeads([...lookups]) : new Map<string, StreamHead>();
    for (const { event, head } of batch) {
      checker.accept(event, () => (head === undefined ? looked.get(event.streamName) : (head ?? undefined)));
    }
  }
  for (const head of await reader.emptiedStreams(scope.categories)) checker.emptied(head);
  return checker.result();
}
