import { canonicalJson } from './canonical-json';

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

/** A small seeded generator (mulberry32), so that a failure names a seed that reproduces it. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KEY_CHARS = ['a', 'B', 'z', '_', '1', 'é', 'Ä', '😀', '"', '\\', ' ', '\u0000', 'ß'];

function randomValue(next: () => number, depth: number): unknown {
  const pick = Math.floor(next() * (depth > 3 ? 5 : 8));
  const text = () =>
    Array.from({ length: Math.floor(next() * 6) }, () => KEY_CHARS[Math.floor(next() * KEY_CHARS.length)]).join('');
  switch (pick) {
    case 0:
      return null;
    case 1:
      return next() < 0.5;
    case 2:
      return next() < 0.5 ? Math.floor(next() * 1e9) - 5e8 : next() * 1e6 - 5e5;
    case 3:
      return text();
    case 4:
      return undefined;
    case 5:
    case 6: {
      const object: Record<string, unknown> = {};
      for (let i = Math.floor(next() * 6); i > 0; i--) object[text()] = randomValue(next, depth + 1);
      return object;
    }
    default:
      return Array.from({ length: Math.floor(next() * 5) }, () => randomValue(next, depth + 1));
  }
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
      const value = randomValue(random(seed), 0);
      expect({ seed, json: canonicalJson(value) }).toEqual({ seed, json: reference(value) });
    }
  });
});
