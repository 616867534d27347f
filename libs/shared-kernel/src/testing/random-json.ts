/**
 * Seeded random values for the tests that hold a canonical form to its reference (canonical-json.spec.ts,
 * canonical-stringify.spec.ts, the event store's hash-chain.spec.ts): a failure names a seed that reproduces it.
 */

/** A small seeded generator (mulberry32). */
export function seededRandom(seed: number): () => number {
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

/** Numbers whose JSON text is easy to get wrong: -0, exponents, the edges of exact integers, non-finite ones. */
const AWKWARD_NUMBERS = [-0, 1e21, 1e-7, -1e21, 5e-324, Number.MAX_SAFE_INTEGER + 2, Number.NaN, Infinity, -Infinity];

class Cart {
  constructor(
    public readonly items: unknown[],
    private readonly note: unknown,
  ) {}
}

/**
 * A random JSON-like value: null, booleans, numbers, strings (unicode, quotes, control characters), undefined, objects
 * and arrays. With `exotic`, also what JSON.stringify reads in its own way: Dates (valid and invalid), objects with a
 * toJSON (one that answers with its key), boxed primitives, class instances, null-prototype objects, functions,
 * symbols, sparse arrays and awkward numbers. Without it, the values (and the seeds) are those the canonicalJson test
 * was first written with.
 */
export function randomJsonValue(next: () => number, depth = 0, exotic = false): unknown {
  const pick = Math.floor(next() * (depth > 3 ? 5 : 8));
  const text = () =>
    Array.from({ length: Math.floor(next() * 6) }, () => KEY_CHARS[Math.floor(next() * KEY_CHARS.length)]).join('');
  if (exotic && next() < 0.25) return exoticValue(next, depth, text);
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
      for (let i = Math.floor(next() * 6); i > 0; i--) object[text()] = randomJsonValue(next, depth + 1, exotic);
      return object;
    }
    default:
      return Array.from({ length: Math.floor(next() * 5) }, () => randomJsonValue(next, depth + 1, exotic));
  }
}

function exoticValue(next: () => number, depth: number, text: () => string): unknown {
  const inner = () => (depth > 3 ? null : randomJsonValue(next, depth + 1, true));
  switch (Math.floor(next() * 12)) {
    case 0:
      return new Date(Math.floor(next() * 4e12) - 1e12);
    case 1:
      return new Date(Number.NaN); // toJSON gives null
    case 2:
      return AWKWARD_NUMBERS[Math.floor(next() * AWKWARD_NUMBERS.length)];
    case 3: {
      const value = inner();
      return { toJSON: () => value };
    }
    case 4:
      return { toJSON: (key: unknown) => `${typeof key}:${String(key)}` }; // the member's key, an index as text
    case 5:
      return [new Number(next() < 0.5 ? -0 : next() * 100), new String(text()), new Boolean(next() < 0.5)][
        Math.floor(next() * 3)
      ];
    case 6:
      return new Cart([inner(), inner()], inner());
    case 7: {
      const object = Object.create(null) as Record<string, unknown>;
      object[text()] = inner();
      object['__proto__'] = inner(); // an own member named __proto__, as JSON.parse makes one
      return object;
    }
    case 8:
      return next() < 0.5 ? () => 1 : Symbol('s');
    case 9: {
      const sparse: unknown[] = [];
      sparse[Math.floor(next() * 4) + 1] = inner();
      return [undefined, ...sparse, () => 1];
    }
    case 10:
      return { [text()]: undefined, [text()]: () => 1, [text()]: inner() };
    default:
      return [[undefined, [inner(), undefined]], inner()];
  }
}
