/**
 * The check character of an eMA id (ISO 15118-2 Annex H.1.3; eMI3 "Check Digit Calculation for Contract-IDs", the
 * successor of the DIN SPEC 91286 scheme). It catches every single-character error, adjacent and jump transposition
 * and (jump) twin error over the 36-character alphabet, which a simple modulus cannot.
 *
 * How it works (own implementation of the published method):
 *  - each character has a value v in 0..35 ('0'..'9', then 'A'..'Z'), written in mixed radix as
 *    v = 18·q1 + 9·q2 + 3·r1 + r2 with q1, q2 in {0, 1} and r1, r2 in {0, 1, 2};
 *  - the pair q = (q1, q2) is a row vector over GF(2), the pair r = (r1, r2) one over GF(3);
 *  - the character at position i (1-based) is weighted with the i-th power of a fixed 2×2 matrix:
 *    P1 = [0 1; 1 1] over GF(2) for q, P2 = [0 1; 1 2] over GF(3) for r;
 *  - the check character is the one character that, placed at position 15, makes both weighted sums over all
 *    fifteen characters the zero vector. Each sum is an invertible linear map of that character's (q, r), so exactly
 *    one of the 36 characters does it.
 */

/** A 2×2 matrix [a b; c d] stored row by row. */
type Matrix2 = readonly [number, number, number, number];
type Vector2 = readonly [number, number];

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const P1: Matrix2 = [0, 1, 1, 1];
const P2: Matrix2 = [0, 1, 1, 2];
const BASE_LENGTH = 14;

function multiply(x: Matrix2, y: Matrix2, modulus: number): Matrix2 {
  return [
    (x[0] * y[0] + x[1] * y[2]) % modulus,
    (x[0] * y[1] + x[1] * y[3]) % modulus,
    (x[2] * y[0] + x[3] * y[2]) % modulus,
    (x[2] * y[1] + x[3] * y[3]) % modulus,
  ];
}

/** powers(P, m)[i] = P^(i+1) mod m, for the fifteen positions. */
function powers(matrix: Matrix2, modulus: number): Matrix2[] {
  const result: Matrix2[] = [matrix];
  while (result.length < BASE_LENGTH + 1) result.push(multiply(result[result.length - 1], matrix, modulus));
  return result;
}

const Q_WEIGHTS = powers(P1, 2);
const R_WEIGHTS = powers(P2, 3);

/** Row vector times matrix, added onto an accumulator, all modulo `modulus`. */
function accumulate(sum: Vector2, vector: Vector2, weight: Matrix2, modulus: number): Vector2 {
  return [
    (sum[0] + vector[0] * weight[0] + vector[1] * weight[2]) % modulus,
    (sum[1] + vector[0] * weight[1] + vector[1] * weight[3]) % modulus,
  ];
}

function components(character: string): { q: Vector2; r: Vector2 } {
  const value = ALPHABET.indexOf(character);
  if (value < 0) throw new RangeError(`not an eMA id character: '${character}'`);
  return {
    q: [Math.floor(value / 18), Math.floor(value / 9) % 2],
    r: [Math.floor(value / 3) % 3, value % 3],
  };
}

/** The weighted sums (over GF(2) and GF(3)) of the characters, the first at position 1. */
function weightedSums(characters: string): { q: Vector2; r: Vector2 } {
  let q: Vector2 = [0, 0];
  let r: Vector2 = [0, 0];
  for (let i = 0; i < characters.length; i++) {
    const c = components(characters[i]);
    q = accumulate(q, c.q, Q_WEIGHTS[i], 2);
    r = accumulate(r, c.r, R_WEIGHTS[i], 3);
  }
  return { q, r };
}

function isZero(sums: { q: Vector2; r: Vector2 }): boolean {
  return sums.q[0] === 0 && sums.q[1] === 0 && sums.r[0] === 0 && sums.r[1] === 0;
}

/**
 * The check character for the 14 characters of an eMA id without separators (country, provider, instance),
 * e.g. 'DE8AACA2B3C4D5' → 'N'. Case-insensitive; throws a RangeError for any other input (callers validate first).
 */
export function emaidCheckDigit(base: string): string {
  const upper = base.toUpperCase();
  if (upper.length !== BASE_LENGTH) throw new RangeError(`an eMA id without check digit has ${BASE_LENGTH} characters`);
  const prefix = weightedSums(upper);
  for (const candidate of ALPHABET) {
    const c = components(candidate);
    const total = {
      q: accumulate(prefix.q, c.q, Q_WEIGHTS[BASE_LENGTH], 2),
      r: accumulate(prefix.r, c.r, R_WEIGHTS[BASE_LENGTH], 3),
    };
    if (isZero(total)) return candidate;
  }
  // Unreachable: P1^15 and P2^15 are invertible, so exactly one candidate zeroes the sums.
  throw new Error('no eMA id check character found');
}

/** True when the 15-character eMA id (no separators) carries a correct check character. */
export function isEmaidCheckDigitValid(emaid: string): boolean {
  const upper = emaid.toUpperCase();
  if (upper.length !== BASE_LENGTH + 1 || [...upper].some((c) => !ALPHABET.includes(c))) return false;
  return isZero(weightedSums(upper));
}
