import { runInNewContext } from 'vm';
import { canonicalJson } from './canonical-json';
import { canonicalMembers, canonicalStringify } from './canonical-stringify';
import { randomJsonValue, seededRandom } from './testing/random-json';

/** What the event store hashed and stored before canonicalStringify: the JSON round trip, then canonicalJson. */
function roundTrip(value: unknown): string | undefined {
  const json = JSON.stringify(value);
  return json === undefined ? undefined : canonicalJson(JSON.parse(json));
}

describe('canonicalStringify (one pass for the event store append, issues 4 and 5)', () => {
  it('gives byte for byte what canonicalJson gives of the JSON round trip, for 50,000 random values', () => {
    for (let seed = 1; seed <= 50_000; seed++) {
      const value = randomJsonValue(seededRandom(seed), 0, true);
      expect({ seed, json: canonicalStringify(value) }).toEqual({ seed, json: roundTrip(value) });
    }
  });

  it('reads a value as JSON.stringify does: toJSON with its key, dates as ISO strings, undefined left out', () => {
    const keyed = { toJSON: (key: unknown) => `${typeof key} ${String(key)}` };
    const value = {
      z: new Date('2026-03-01T10:00:00.123Z'),
      a: [undefined, () => 1, Symbol('s'), keyed, [undefined]],
      m: { b: keyed, a: undefined, c: () => 1 },
      n: [-0, 1e21, Number.NaN, -Infinity, new Number(2), new String('s'), new Boolean(false)],
      u: 'é😀"\\\u0000',
      invalid: new Date(Number.NaN),
      fake: Object.create(Number.prototype) as object, // no Number: JSON.stringify looks at the internal slot
    };
    expect(canonicalStringify(value)).toBe(
      '{"a":[null,null,null,"string 3",[null]],"fake":{},"invalid":null,"m":{"b":"string b"},' +
        '"n":[0,1e+21,null,null,2,"s",false],"u":"é😀\\"\\\\\\u0000","z":"2026-03-01T10:00:00.123Z"}',
    );
    expect(canonicalStringify(value)).toBe(roundTrip(value));
    // At the root JSON.stringify's key is the empty string.
    expect(canonicalStringify(keyed)).toBe('"string "');
  });

  it('writes the same text whatever order the keys were added in', () => {
    expect(canonicalStringify({ b: { y: 1, x: 2 }, a: 1 })).toBe(canonicalStringify({ a: 1, b: { x: 2, y: 1 } }));
    expect(canonicalStringify({ b: { y: 1, x: 2 }, a: 1 })).toBe('{"a":1,"b":{"x":2,"y":1}}');
  });

  it('is undefined where JSON.stringify is undefined', () => {
    for (const value of [undefined, () => 1, Symbol('s'), { toJSON: () => undefined }]) {
      expect(JSON.stringify(value)).toBeUndefined();
      expect(canonicalStringify(value)).toBeUndefined();
    }
  });

  it('throws a TypeError where JSON.stringify throws: a BigInt, a cycle', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = { back: cyclic };
    const cyclicArray: unknown[] = [];
    cyclicArray.push({ inner: cyclicArray });
    for (const value of [{ amount: 10n }, [Object(1n)], cyclic, cyclicArray]) {
      expect(() => JSON.stringify(value)).toThrow(TypeError);
      expect(() => canonicalStringify(value)).toThrow(TypeError);
    }
    // The same object twice side by side is no cycle.
    const shared = { x: 1 };
    expect(canonicalStringify({ a: shared, b: [shared, shared] })).toBe(roundTrip({ a: shared, b: [shared, shared] }));
  });
});

describe('canonicalStringify and boxed primitives JSON.stringify unboxes by their internal slot', () => {
  const outcome = (write: () => string | undefined) => {
    try {
      return { text: write() };
    } catch (error) {
      return { threw: (error as Error).constructor.name };
    }
  };

  it('reads boxed primitives of another realm and with a swapped or no prototype as the JSON round trip does', () => {
    const swapped = (boxed: object, proto: object | null) => Object.setPrototypeOf(boxed, proto) as object;
    const values: unknown[] = [
      runInNewContext('({ n: new Number(5), s: new String("ab"), b: new Boolean(false) })'),
      runInNewContext('[new Number(-0), new String(""), new Boolean(true)]'),
      { n: swapped(new Number(5), Object.prototype) },
      { s: swapped(new String('ab'), Object.prototype) },
      { b: swapped(new Boolean(true), null) },
      { n: swapped(new Number(5), null) },
      { s: swapped(new String('ab'), null) },
      { symbol: Object(Symbol('s')) as object },
    ];
    for (const value of values) {
      expect(outcome(() => canonicalStringify(value))).toEqual(outcome(() => roundTrip(value)));
    }
    expect(canonicalStringify(values[0])).toBe('{"b":false,"n":5,"s":"ab"}');
  });
});

describe('canonicalMembers', () => {
  it('gives the members canonicalStringify writes, in its order, without the object toJSON', () => {
    const date = new Date('2026-03-01T10:00:00.000Z');
    const record = { toJSON: 'not a function', z: date, a: undefined, m: [undefined, 1], f: () => 1 };
    const members = canonicalMembers(record);
    expect(members.map((m) => m.key)).toEqual(['m', 'toJSON', 'z']);
    expect(`{${members.map((m) => m.json).join(',')}}`).toBe(canonicalStringify(record));
  });

  it('throws a TypeError for a member that leads back to the object', () => {
    const record: Record<string, unknown> = {};
    record.child = [{ parent: record }];
    expect(() => canonicalMembers(record)).toThrow(TypeError);
  });
});
