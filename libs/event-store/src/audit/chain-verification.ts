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

/** Re-computes hash chains fed stream by stream, each in position order, and compares every stream with its head. */
export class ChainChecker {
  private current?: { streamName: string; expected: number; previousHash: string; last?: RecordedEvent };
  private head?: StreamHead;
  private streams = 0;
  private events = 0;
  private issueCount = 0;
  private readonly issues: ChainIssue[] = [];

  constructor(private readonly maxIssues = 100) {}

  /** `head` is the stream's es.streams row (undefined when it has none); given with the stream's first event. */
  accept(event: RecordedEvent, head: () => StreamHead | undefined): void {
    if (this.current?.streamName !== event.streamName) {
      this.finishStream();
      this.current = { streamName: event.streamName, expected: 1, previousHash: GENESIS_HASH };
      this.head = head();
      this.streams++;
    }
    const stream = this.current;
    this.events++;
    if (event.streamPosition !== stream.expected) {
      this.report({
        kind: 'missing',
        streamName: event.streamName,
        streamPosition: stream.expected,
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
    this.finishStream();
    return {
      valid: this.issueCount === 0,
      streams: this.streams,
      events: this.events,
      issues: [...this.issues],
      issueCount: this.issueCount,
    };
  }

  private finishStream(): void {
    const stream = this.current;
    const last = stream?.last;
    if (!stream || !last) return;
    this.current = undefined;
    const head = this.head;
    if (!head) {
      this.report({
        kind: 'head-mismatch',
        streamName: stream.streamName,
        streamPosition: last.streamPosition,
        globalPosition: last.globalPosition,
        detail: 'the stream has events but no head in es.streams',
      });
    } else if (head.streamPosition > last.streamPosition) {
      this.report({
        kind: 'truncated',
        streamName: stream.streamName,
        streamPosition: last.streamPosition + 1,
        detail: `the stream's head names ${head.streamPosition} events, the last stored is position ${last.streamPosition}`,
      });
    } else if (head.streamPosition < last.streamPosition || head.lastHash !== last.hash) {
      this.report({
        kind: 'head-mismatch',
        streamName: stream.streamName,
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

/** Verifies one stream, the streams of some categories, or (no categories) every stream of the store. */
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
  for await (const batch of reader.streamsInOrder(scope.categories, options.batchSize)) {
    const heads = await reader.streamHeads([...new Set(batch.map((e) => e.streamName))]);
    for (const event of batch) checker.accept(event, () => heads.get(event.streamName));
  }
  for (const head of await reader.emptiedStreams(scope.categories)) checker.emptied(head);
  return checker.result();
}
