import { canonicalJson } from './canonical-json';
import { randomJsonValue, seededRandom } from './testing/random-json';

/** The obvious form the hash chain was first written with: every stored hash depends on giving the same bytes. */
function reference(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('non-finite');
    return JSON.stringify(value ?? null);
  }
  if (Array.isArray(value)) return `[${value.map(reference).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${reference(v)}`).join(',')}}`;
}

describe('canonicalJson (ARCHITECTURE.md §5 hash chain)', () => {
  it('sorts keys at every depth and leaves out undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { y: 1, x: undefined, w: null }], c: 'x' }, u: undefined })).toBe(
      '{"a":{"c":"x","d":[3,{"w":null,"y":1}]},"b":1}',
    );
    expect(canonicalJson([undefined, 1])).toBe('[null,1]');
  });

  it('refuses numbers JSON cannot carry', () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow('non-finite');
    expect(() => canonicalJson([Number.POSITIVE_INFINITY])).toThrow('non-finite');
  });

  it('gives byte for byte what the reference form gives, for 20,000 random values', () => {
    for (let seed = 1; seed <= 20_000; seed++) {
      const value = randomJsonValue(seededRandom(seed));
      expect({ seed, json: canonicalJson(value) }).toEqual({ seed, json: reference(value) });
    }
  });
});
