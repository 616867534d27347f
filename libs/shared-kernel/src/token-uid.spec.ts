import { TokenUid } from './token-uid';

function invalid(rule: string, field = 'uid') {
  return expect.objectContaining({ code: 'TOKEN_UID_INVALID', kind: 'validation', details: { field, rule } });
}

describe('TokenUid', () => {
  it.each([
    ['04A2B3C4', '04A2B3C4'], // 4 bytes (single-size UID)
    ['04a2b3c4d5e6f7', '04A2B3C4D5E6F7'], // 7 bytes (double-size UID)
    ['04A2B3C4D5E6F7A8B9C0', '04A2B3C4D5E6F7A8B9C0'], // 10 bytes (triple-size UID)
    ['04:a2:b3:c4:d5:e6:f7', '04A2B3C4D5E6F7'],
    ['04 A2 B3 C4', '04A2B3C4'],
    ['04A2:B3C4', '04A2B3C4'],
    ['  04A2B3C4D5  ', '04A2B3C4D5'],
  ])('parses %j to %j', (input, normalised) => {
    const uid = TokenUid.parse(input);
    expect(uid.value).toBe(normalised);
    expect(uid.toString()).toBe(normalised);
    expect(uid.byteLength).toBe(normalised.length / 2);
  });

  it('is equal whatever the separators and case were', () => {
    expect(TokenUid.parse('04:a2:b3:c4').equals(TokenUid.parse('04A2B3C4'))).toBe(true);
    expect(TokenUid.parse('04A2B3C4').equals(TokenUid.parse('04A2B3C5'))).toBe(false);
    expect(JSON.stringify({ uid: TokenUid.parse('04:a2:b3:c4') })).toBe('{"uid":"04A2B3C4"}');
  });

  it.each([
    ['04A2B3', 'length'], // 3 bytes
    ['04A2B3C4D5E6F7A8B9C0D1', 'length'], // 11 bytes
    ['04A2B3C', 'format'], // odd number of digits
    ['04A:2B3C4', 'format'], // separator splits a byte
    ['04A2B3G4', 'format'],
    ['0x04A2B3C4', 'format'],
    ['04-A2-B3-C4', 'format'],
    ['04::A2B3C4', 'format'],
    ['', 'required'],
  ])('refuses %j (%s)', (input, rule) => {
    expect(() => TokenUid.parse(input)).toThrow(invalid(rule));
  });

  it('names the caller’s field in the error', () => {
    expect(() => TokenUid.parse('zz', 'token_uid')).toThrow(invalid('format', 'token_uid'));
  });

  it('isValid answers without throwing', () => {
    expect(TokenUid.isValid('04A2B3C4')).toBe(true);
    expect(TokenUid.isValid('04A2B3')).toBe(false);
  });
});
