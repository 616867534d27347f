/**
 * JSON with object keys sorted at every depth (UTF-16 code unit order, as `<` compares strings) and undefined members
 * left out, so that the same value always serialises to the same bytes, however a database (jsonb reorders keys) or a
 * client built the object. The audit hash chain, signed anchors and exports, and the rating fingerprint hash it: the
 * output must never change for a given value.
 *
 * Written as plain loops because it runs once per event when a million events are verified: this form costs about
 * two thirds of the obvious entries/filter/sort/map version, which the unit test keeps as the reference it must equal.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('non-finite number in canonical JSON');
    // undefined (an array hole or member) is written as null, as JSON.stringify writes it in arrays.
    return JSON.stringify(value ?? null);
  }
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + canonicalJson(value[i]);
    return out + ']';
  }
  // The default sort orders by UTF-16 code units, the same order as `a < b` on strings.
  const keys = Object.keys(value).sort();
  const record = value as Record<string, unknown>;
  let out = '{';
  let first = true;
  for (const key of keys) {
    const member = record[key];
    if (member === undefined) continue;
    out += (first ? '' : ',') + JSON.stringify(key) + ':' + canonicalJson(member);
    first = false;
  }
  return out + '}';
}
