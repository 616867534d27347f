import { types } from 'util';

/**
 * `canonicalJson(JSON.parse(JSON.stringify(value)))` in one pass: JSON.stringify's reading of a value (toJSON called
 * with its key, so a Date gives its ISO string; boxed primitives unwrapped; functions, symbols and undefined left out
 * of objects and written as null in arrays; non-finite numbers written as null; BigInt and cycles throw a TypeError)
 * written with canonicalJson's key order. Undefined where JSON.stringify gives undefined (a function, a symbol,
 * undefined itself).
 *
 * For writers that hash a value they were handed and also store its JSON (the event store's append): the round trip
 * through JSON.parse cost more than the hashing. The unit test holds it to the round trip on a large generated set.
 */
export function canonicalStringify(value: unknown): string | undefined {
  return property(value, '', []);
}

/** A member of an object as canonicalStringify writes it: `"key":value`. */
export interface CanonicalMember {
  key: string;
  json: string;
}

/**
 * The members canonicalStringify writes for an object, in their order (a function, symbol or undefined member is left
 * out), for a writer that puts members of its own among them without writing the object twice. The object's own
 * toJSON is not called: the caller decides what object it is serialising.
 */
export function canonicalMembers(record: object): CanonicalMember[] {
  const stack: object[] = [record];
  const source = record as Record<string, unknown>;
  const members: CanonicalMember[] = [];
  for (const key of Object.keys(record).sort()) {
    const json = property(source[key], key, stack);
    if (json !== undefined) members.push({ key, json: JSON.stringify(key) + ':' + json });
  }
  return members;
}

/**
 * One property as JSON.stringify serialises it (SerializeJSONProperty): toJSON first, called once with the property's
 * key (an array index as a string); its result is not asked for a toJSON again.
 */
function property(value: unknown, key: string | number, stack: object[]): string | undefined {
  switch (typeof value) {
    case 'string':
    case 'number': // JSON.stringify writes -0 as 0, 1e21 as 1e+21, and NaN and ±Infinity as null
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'undefined':
    case 'symbol':
      return undefined;
  }
  if (value === null) return 'null';
  // An object, a function or a BigInt: each may carry a toJSON (BigInt.prototype.toJSON, if someone defined it).
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  return resolved(
    typeof toJSON === 'function' ? toJSON.call(value, typeof key === 'number' ? String(key) : key) : value,
    stack,
  );
}

/** A value toJSON has been applied to. */
function resolved(value: unknown, stack: object[]): string | undefined {
  switch (typeof value) {
    case 'string':
    case 'number':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      throw new TypeError('Do not know how to serialize a BigInt');
    case 'object':
      if (value === null) return 'null';
      return Array.isArray(value) ? array(value, stack) : object(value, stack);
    default: // undefined, a function, a symbol
      return undefined;
  }
}

function array(value: readonly unknown[], stack: object[]): string {
  enter(value, stack);
  let out = '[';
  for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + (property(value[i], i, stack) ?? 'null');
  stack.pop();
  return out + ']';
}

function object(value: object, stack: object[]): string | undefined {
  // JSON.stringify looks at the internal slot, not the prototype: a boxed primitive from another realm (vm) or with
  // its prototype swapped is still unboxed (or throws, as ToNumber/ToString would).
  if (types.isBoxedPrimitive(value)) {
    const primitive = unboxed(value);
    if (primitive !== value) return resolved(primitive, stack);
  }
  enter(value, stack);
  const record = value as Record<string, unknown>;
  // The default sort orders by UTF-16 code units, as canonicalJson does.
  const keys = Object.keys(value).sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const json = property(record[key], key, stack);
    if (json === undefined) continue;
    out += (first ? '' : ',') + JSON.stringify(key) + ':' + json;
    first = false;
  }
  stack.pop();
  return out + '}';
}

/**
 * A Number, String, Boolean or BigInt object as the primitive JSON.stringify takes from it (ToNumber, ToString, the
 * boolean itself, the BigInt that then throws); a Symbol object, which JSON.stringify writes as an object, as it is.
 */
function unboxed(value: object): unknown {
  if (types.isNumberObject(value)) return +value;
  if (types.isStringObject(value)) return String(value);
  if (types.isBooleanObject(value)) return Boolean.prototype.valueOf.call(value);
  if (types.isBigIntObject(value)) return BigInt.prototype.valueOf.call(value);
  return value;
}

function enter(value: object, stack: object[]): void {
  if (stack.includes(value)) throw new TypeError('Converting circular structure to JSON');
  stack.push(value);
}
