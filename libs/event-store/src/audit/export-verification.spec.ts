import { chainHash, type ChainedFields, GENESIS_HASH } from '../hash-chain';
import type { ChainedEvent } from './audit-reader';
import { auditExportLines } from './audit-export';
import { verifyExport } from './export-verification';
import { AuditSigningKey } from './signing-key';

/** A consistent history of two streams, interleaved in commit order as an export of a period holds them. */
function history(): ChainedEvent[] {
  const last = new Map<string, { position: number; hash: string }>();
  return [
    ['cdr-1', { cdrId: 'C-1', energyWh: 1000 }],
    ['cdr-2', { cdrId: 'C-2', energyWh: 2000 }],
    ['cdr-1', { cdrId: 'C-1', status: 'forwarded' }],
    ['cdr-1', { cdrId: 'C-1', status: 'settled' }],
    ['cdr-2', { cdrId: 'C-2', status: 'rejected' }],
  ].map(([streamName, data], index) => {
    const stream = streamName as string;
    const previous = last.get(stream) ?? { position: 0, hash: GENESIS_HASH };
    const recordedAt = `2026-03-01T10:00:0${index}.000Z`;
    const fields = {
      streamName: stream,
      streamPosition: previous.position + 1,
      messageId: `00000000-0000-4000-8000-00000000000${index}`,
      type: 'CdrChanged',
      schemaVersion: 1,
      data,
      metadata: { recordedAt, messageId: `00000000-0000-4000-8000-00000000000${index}` },
      recordedAt,
    };
    const hash = chainHash(previous.hash, fields);
    last.set(stream, { position: fields.streamPosition, hash });
    return {
      ...fields,
      category: 'cdr',
      globalPosition: String(100 + index),
      transactionId: String(900 + index),
      hash,
      previousHash: previous.hash,
    } as ChainedEvent;
  });
}

async function exported(key?: AuditSigningKey): Promise<string[]> {
  let text = '';
  async function* batches() {
    yield history();
  }
  for await (const chunk of auditExportLines(
    { app: 'cdr-forwarding', scope: { categories: ['cdr'] }, exportedAt: '2026-03-02T00:00:00.000Z' },
    batches(),
    key,
  )) {
    text += chunk;
  }
  return text.split('\n');
}

const edit = (lines: string[], index: number, change: (line: Record<string, unknown>) => Record<string, unknown>) => {
  const copy = [...lines];
  copy[index] = JSON.stringify(change(JSON.parse(copy[index])));
  return copy;
};

describe('offline verification of a JSON-lines export (ARCHITECTURE §5; GeM 1516 replayable history)', () => {
  const key = AuditSigningKey.generate();

  it('accepts an untouched export with a valid signature by the pinned key', async () => {
    const lines = await exported(key);
    expect(lines.filter(Boolean)).toHaveLength(7);
    expect(await verifyExport(lines, key.publicKey)).toEqual({
      valid: true,
      lines: 7,
      events: 5,
      firstBad: null,
      faults: 0,
      signature: 'valid',
      keyId: key.keyId,
      keySource: 'pinned',
    });
  });

  it('names the first changed line with its global and stream position', async () => {
    const lines = edit(await exported(key), 3, (l) => ({ ...l, data: { cdrId: 'C-1', status: 'cancelled' } }));
    const result = await verifyExport(lines, key.publicKey);
    expect(result.valid).toBe(false);
    expect(result.firstBad).toEqual({
      line: 4,
      globalPosition: '102',
      streamName: 'cdr-1',
      streamPosition: 2,
      reason: 'the content does not match its hash: the line was altered',
    });
  });

  it('names a changed line even when its hash was recomputed: its successor still chains from the old hash', async () => {
    const lines = edit(await exported(key), 3, (l) => {
      const data = { cdrId: 'C-1', status: 'cancelled' };
      return { ...l, data, hash: chainHash(l.previousHash as string, { ...(l as unknown as ChainedFields), data }) };
    });
    const result = await verifyExport(lines, key.publicKey);
    expect(result.firstBad).toMatchObject({ line: 4, globalPosition: '102', streamName: 'cdr-1', streamPosition: 2 });
    expect(result.firstBad?.reason).toMatch(/re-hashed/);
  });

  it('detects a removed line through the seal, and a truncated file by its missing seal', async () => {
    const lines = await exported(key);
    const removed = [...lines.slice(0, 2), ...lines.slice(3)];
    expect((await verifyExport(removed, key.publicKey)).firstBad).toMatchObject({
      line: 6,
      reason: 'the seal counts 5 events, the file holds 4',
    });
    expect((await verifyExport(lines.slice(0, 4), key.publicKey)).firstBad).toMatchObject({
      line: 5,
      reason: 'the export ends without its seal: it was truncated',
    });
  });

  it('refuses a seal signed by another key than the pinned one, and reports an unsigned export as such', async () => {
    const other = AuditSigningKey.generate();
    const forged = await verifyExport(await exported(other), key.publicKey);
    expect(forged).toMatchObject({ valid: false, signature: 'invalid' });
    const unsigned = await verifyExport(await exported());
    expect(unsigned).toMatchObject({ valid: true, signature: 'unsigned', keyId: null });
  });

  it('takes the key from the file when none is pinned, and says so', async () => {
    expect(await verifyExport(await exported(key))).toMatchObject({
      valid: true,
      signature: 'valid',
      keySource: 'file',
    });
  });
});
