import { canonicalStringify } from '@roaming/shared-kernel';
import { randomJsonValue, seededRandom } from '@roaming/shared-kernel/testing/random-json';
import { chainHash, chainHashOfSerialized, type ChainedFields, GENESIS_HASH } from './hash-chain';

/** JSON's reading of a value, as the database hands data and metadata back (and as chainHash is given them). */
const asStored = (value: unknown): unknown => JSON.parse(JSON.stringify(value) ?? 'null');

describe('chainHashOfSerialized (ARCHITECTURE.md §5 hash chain)', () => {
  it('gives chainHash of the stored event, for 20,000 random events', () => {
    for (let seed = 1; seed <= 20_000; seed++) {
      const next = seededRandom(seed);
      const text = () => String(randomJsonValue(next, 5) ?? 'x');
      const data = randomJsonValue(next, 0, true) ?? null;
      const recordedAt = new Date(Math.floor(next() * 4e12)).toISOString();
      const messageId = `m-${seed}`;
      const metadata = {
        actor: randomJsonValue(next, 1, true),
        correlationId: text(),
        messageId,
        recordedAt,
        tenant: randomJsonValue(next, 1, true),
      };
      const fields: Omit<ChainedFields, 'data' | 'metadata'> = {
        streamName: `${text()}-${seed}`,
        streamPosition: Math.floor(next() * 1e12) + 1,
        messageId,
        type: text(),
        schemaVersion: Math.floor(next() * 5) + 1,
        recordedAt,
      };
      const previousHash = seed % 2 ? GENESIS_HASH : chainHash(GENESIS_HASH, { ...fields, data: seed, metadata: {} });
      const expected = chainHash(previousHash, { ...fields, data: asStored(data), metadata: asStored(metadata) });
      const serialized = {
        ...fields,
        dataJson: canonicalStringify(data) ?? 'null',
        metadataJson: canonicalStringify(metadata) as string,
      };
      expect({ seed, hash: chainHashOfSerialized(previousHash, serialized) }).toEqual({ seed, hash: expected });
    }
  });
});
