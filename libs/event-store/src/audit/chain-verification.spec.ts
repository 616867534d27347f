import type { RecordedEvent } from '../event-store.port';
import { chainHash, GENESIS_HASH } from '../hash-chain';
import type { StreamHead } from './audit-reader';
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

const headsOf = (events: RecordedEvent[]) => {
  const heads = new Map<string, StreamHead>();
  for (const e of events)
    heads.set(e.streamName, { streamName: e.streamName, streamPosition: e.streamPosition, lastHash: e.hash });
  return heads;
};

function check(events: RecordedEvent[], heads: Map<string, StreamHead>) {
  const checker = new ChainChecker();
  for (const event of events) checker.accept(event, () => heads.get(event.streamName));
  return checker.result();
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

  it('accepts interleaved streams that chain and end at their heads', () => {
    expect(check(events, headsOf(events))).toEqual({ valid: true, streams: 3, events: 6, issues: [], issueCount: 0 });
  });

  it('names the altered event once, by stream position and global position', () => {
    const altered = events.map((e) => (e.globalPosition === '3' ? { ...e, data: { a: 20 } } : e));
    expect(check(altered, headsOf(events)).issues).toEqual([
      expect.objectContaining({ kind: 'altered', streamName: 'cdr-1', streamPosition: 2, globalPosition: '3' }),
    ]);
  });

  it('finds a deleted event in the middle, a truncated tail, an added event and a stream without head', () => {
    const heads = headsOf(events);
    const withoutMiddle = events.filter((e) => e.globalPosition !== '3');
    expect(check(withoutMiddle, heads).issues).toEqual([
      expect.objectContaining({ kind: 'missing', streamName: 'cdr-1', streamPosition: 2, globalPosition: '5' }),
    ]);
    const withoutTail = events.filter((e) => e.globalPosition !== '6');
    expect(check(withoutTail, heads).issues).toEqual([
      expect.objectContaining({ kind: 'truncated', streamName: 'cdr-2', streamPosition: 2 }),
    ]);
    const [extra] = store([
      ['cdr-3', { c: 1 }],
      ['cdr-3', { c: 2 }],
    ]).slice(1);
    expect(check([...events, { ...extra, globalPosition: '7' }], heads).issues).toEqual([
      expect.objectContaining({ kind: 'head-mismatch', streamName: 'cdr-3', streamPosition: 2, globalPosition: '7' }),
    ]);
    heads.delete('cdr-3');
    expect(check(events, heads).issues).toEqual([
      expect.objectContaining({
        kind: 'head-mismatch',
        streamName: 'cdr-3',
        detail: expect.stringContaining('no head'),
      }),
    ]);
  });
});
