import { emaidCheckDigit, isEmaidCheckDigitValid } from './emaid-check-digit';

/**
 * Published vectors for the ISO 15118-2 Annex H / eMI3 check character. The first seven are the test vectors of The
 * New Motion's open-source mobilityid library (MatriceUtilTest, "T24RZDM"), DE83DUIEN83QGZ → D is the worked example
 * of the eMI3 paper "Check Digit Calculation for Contract-IDs", FRXYZ123456789 → 2 is GIREVE's example contract id;
 * the DE8AA… and NLTNM… ones appear in the test suites of several independent implementations (chargemap ocpi
 * EvIdUtilsTest, OpenChargingCloud EMSP EMAIdTests).
 */
const PUBLISHED: ReadonlyArray<[string, string]> = [
  ['NN123ABCDEFGHI', 'T'],
  ['FRXYZ123456789', '2'],
  ['ITA1B2C3E4F5G6', '4'],
  ['ESZU8WOX834H1D', 'R'],
  ['PT73902837ABCZ', 'Z'],
  ['DE83DUIEN83QGZ', 'D'],
  ['DE83DUIEN83ZGQ', 'M'],
  ['DE8AA001234567', '0'],
  ['NLTNM000122045', 'U'],
  ['NLTNM000722345', 'X'],
  ['NLTNMC00122045', 'K'],
];

describe('emaidCheckDigit', () => {
  it.each(PUBLISHED)('computes the published check character of %s (%s)', (base, check) => {
    expect(emaidCheckDigit(base)).toBe(check);
    expect(isEmaidCheckDigitValid(base + check)).toBe(true);
  });

  it('is case-insensitive', () => {
    expect(emaidCheckDigit('nltnmc00122045')).toBe('K');
  });

  it('refuses every other check character for a published id', () => {
    for (const c of '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ') {
      expect(isEmaidCheckDigitValid(`NLTNMC00122045${c}`)).toBe(c === 'K');
    }
  });

  it('detects every single-character error and every adjacent transposition of a valid id', () => {
    const valid = 'DE83DUIEN83QGZD';
    const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    for (let i = 0; i < valid.length; i++) {
      for (const c of alphabet) {
        if (c === valid[i]) continue;
        expect(isEmaidCheckDigitValid(valid.slice(0, i) + c + valid.slice(i + 1))).toBe(false);
      }
    }
    for (let i = 0; i + 1 < valid.length; i++) {
      if (valid[i] === valid[i + 1]) continue;
      const swapped = valid.slice(0, i) + valid[i + 1] + valid[i] + valid.slice(i + 2);
      expect(isEmaidCheckDigitValid(swapped)).toBe(false);
    }
  });

  it('rejects bases that are not 14 alphanumerics', () => {
    expect(() => emaidCheckDigit('DE8AA00123456')).toThrow(RangeError);
    expect(() => emaidCheckDigit('DE-8AA-0012345')).toThrow(RangeError);
    expect(() => emaidCheckDigit('DE8AA00123456!')).toThrow(RangeError);
    expect(isEmaidCheckDigitValid('DE8AA0012345670X')).toBe(false);
    expect(isEmaidCheckDigitValid('DE8AA00123456!0')).toBe(false);
  });
});
