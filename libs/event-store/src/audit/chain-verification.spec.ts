import type { RecordedEvent } from '../event-store.port';
import { chainHash, GENESIS_HASH } from '../hash-chain';
import { ChainChecker } from './chain-verification';

/** Events of several streams, interleaved in store order, each chained as the store chains it. */
function store(entries: [stream: string, data: unknown][]): RecordedEvent[] {
  const last = new Map<string, { position: number; hash: string }>();
  return entries.map(([streamName, data], index) => {
    const previous = last.get(streamName) ?? { position: 0, hash: GENESIS_HASH };
    const recordedAt = `2026-03-01T10:00:${String(index).padStart(2, '0')}.000Z`;
    const fields = {
      streamName,
      streamPosition: previous.position + 1,
      messageId: `m-${index}`,
      type: 'Changed',
      schemaVersion: 1,
      data,
      metadata: { recordedAt, messageId: `m-${index}` },
      recordedAt,
    };
    const hash = chainHash(previous.hash, fields);
    last.set(streamName, { position: fields.streamPosition, hash });
    return {
      ...fields,
      category: streamName.split('-')[0],
      globalPosition: String(index + 1),
      transactionId: '7',
      hash,
    } as RecordedEvent;
  });
}

/** The stored hashes of an event list, as `AuditReader.storedHashes` answers them. */
const storedHashesOf = (events: RecordedEvent[]) => (needed: { streamName: string; streamPosition: number }[]) =>
  new Map(
    needed.flatMap(({ streamName, streamPosition }) => {
      const found = events.find((e) => e.streamName === streamName && e.streamPosition === streamPosition);
      return found ? [[`${streamName}@${streamPosition}`, found.hash] as [string, string]] : [];
    }),
  );

/** Feeds the events in batches of `size`, looking up what each batch needs, like verifyChains does. */
function check(events: RecordedEvent[], size = 100, idleBatches = 20) {
  const checker = new ChainChecker(100, idleBatches);
  const lookup = storedHashesOf(events);
  for (let i = 0; i < events.length; i += size) {
    const batch = events.slice(i, i + size);
    checker.acceptBatch(batch, lookup(checker.previousNeeded(batch)));
  }
  return checker.result(new Set(events.map((e) => e.streamName)).size);
}

describe('hash chain verification in store order (ARCHITECTURE §5)', () => {
  const events = store([
    ['cdr-1', { a: 1 }],
    ['cdr-2', { b: 1 }],
    ['cdr-1', { a: 2 }],
    ['cdr-3', { c: 1 }],
    ['cdr-1', { a: 3 }],
    ['cdr-2', { b: 2 }],
  ]);

  it('accepts interleaved streams that chain, also when idle streams were forgotten and looked up again', () => {
    expect(check(events)).toEqual({ valid: true, streams: 3, events: 6, issues: [], issueCount: 0 });
    expect(check(events, 1, 0)).toMatchObject({ valid: true, events: 6 });
  });

  it('names the altered event once, by stream position and global position', () => {
    const altered = events.map((e) => (e.globalPosition === '3' ? { ...e, data: { a: 20 } } : e));
    for (const size of [100, 1]) {
      expect(check(altered, size, 0).issues).toEqual([
        expect.objectContaining({ kind: 'altered', streamName: 'cdr-1', streamPosition: 2, globalPosition: '3' }),
      ]);
    }
  });

  it('finds an event deleted in the middle, whether its stream is in memory or looked up', () => {
    const withoutMiddle = events.filter((e) => e.globalPosition !== '3');
    for (const size of [100, 1]) {
      expect(check(withoutMiddle, size, 0).issues).toEqual([
        expect.objectContaining({ kind: 'missing', streamName: 'cdr-1', streamPosition: 2, globalPosition: '5' }),
      ]);
    }
  });

  it('turns head disagreements into issues: truncated, emptied, added, headless, re-hashed', () => {
    const checker = new ChainChecker();
    checker.headMismatches([
      {
        streamName: 'a-1',
        head: { streamPosition: 3, lastHash: 'x' },
        last: { streamPosition: 2, hash: 'y', globalPosition: '9' },
      },
      { streamName: 'a-2', head: { streamPosition: 1, lastHash: 'x' }, last: null },
      {
        streamName: 'a-3',
        head: { streamPosition: 1, lastHash: 'x' },
        last: { streamPosition: 2, hash: 'y', globalPosition: '8' },
      },
      { streamName: 'a-4', head: null, last: { streamPosition: 1, hash: 'y', globalPosition: '7' } },
      {
        streamName: 'a-5',
        head: { streamPosition: 1, lastHash: 'x' },
        last: { streamPosition: 1, hash: 'y', globalPosition: '6' },
      },
    ]);
    expect(checker.result(5).issues.map((i) => [i.kind, i.streamName, i.streamPosition])).toEqual([
      ['truncated', 'a-1', 3],
      ['truncated', 'a-2', 1],
      ['head-mismatch', 'a-3', 2],
      ['head-mismatch', 'a-4', 1],
      ['head-mismatch', 'a-5', 1],
    ]);
  });
});
