import { Emaid } from './emaid';
import { PartyId } from './party-id';

function invalid(rule: string, field = 'emaid') {
  return expect.objectContaining({ code: 'EMAID_INVALID', kind: 'validation', details: { field, rule } });
}
function messageOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected an error');
}
const wrongCheckDigit = expect.objectContaining({
  code: 'EMAID_CHECK_DIGIT',
  kind: 'validation',
  details: { field: 'emaid', rule: 'check-digit' },
});

describe('Emaid', () => {
  it.each([
    'NL-TNM-C00122045-K',
    'NLTNMC00122045K',
    'nl-tnm-c00122045-k',
    '  NL-TNM-C00122045-K ',
    'NL-TNM-C00122045', // check digit computed
    'NLTNMC00122045',
    'NLTNM-C00122045K', // ISO makes each separator optional on its own
  ])('parses %j to NLTNMC00122045K', (input) => {
    const emaid = Emaid.parse(input);
    expect(emaid.value).toBe('NLTNMC00122045K');
    expect(emaid.instance).toBe('C00122045');
    expect(emaid.checkDigit).toBe('K');
    expect(emaid.withSeparators()).toBe('NL-TNM-C00122045-K');
  });

  it('accepts an instance without the eMI3 "C" prefix (ISO 15118-2 and the published vectors)', () => {
    expect(Emaid.parse('FR-XYZ-123456789-2').value).toBe('FRXYZ1234567892');
    expect(Emaid.parse('DE83DUIEN83QGZD').value).toBe('DE83DUIEN83QGZD');
  });

  it('accepts a DIN SPEC 91286 id carried over with the 00 prefix, computing the ISO check character', () => {
    // OCHP backward compatibility: DIN 'DE-8AA-123A56-3' becomes '00' + instance + old check digit.
    expect(Emaid.parse('DE-8AA-00123A563').withSeparators()).toBe('DE-8AA-00123A563-M');
  });

  it('exposes the issuing EVSP as a party id', () => {
    const emaid = Emaid.parse('DE-8AA-001234567-0');
    expect(emaid.providerId).toBeInstanceOf(PartyId);
    expect(emaid.providerId.value).toBe('DE8AA');
    expect(emaid.countryCode).toBe('DE');
    expect(emaid.isIssuedBy(PartyId.parse('DE-8AA'))).toBe(true);
    expect(emaid.isIssuedBy(PartyId.parse('DE-8AB'))).toBe(false);
  });

  it('is equal whether or not the input carried separators or the check digit', () => {
    expect(Emaid.parse('DE-8AA-001234567-0').equals(Emaid.parse('de8aa001234567'))).toBe(true);
    expect(Emaid.parse('DE-8AA-001234567-0').equals(Emaid.parse('NLTNMC00122045K'))).toBe(false);
  });

  it('serialises as its normalised value', () => {
    const emaid = Emaid.parse('nl-tnm-c00122045');
    expect(emaid.toString()).toBe('NLTNMC00122045K');
    expect(JSON.stringify({ emaid })).toBe('{"emaid":"NLTNMC00122045K"}');
  });

  it.each(['NL-TNM-C00122045-X', 'NLTNMC00122045X', 'DE83DUIEN83QGZE', 'FR-XYZ-123456789-3'])(
    'refuses %j with EMAID_CHECK_DIGIT',
    (input) => {
      expect(() => Emaid.parse(input)).toThrow(wrongCheckDigit);
    },
  );

  it('refuses the illustrative ids of the OCHP and OICP documents, whose check characters are not computed', () => {
    // OCHP 1.4 "DE8AACA2B3C4D5N" computes to L; OICP "DE-8EO-CAet5e4XY-3" computes to T.
    expect(() => Emaid.parse('DE8AACA2B3C4D5N')).toThrow(wrongCheckDigit);
    expect(Emaid.parse('DE8AACA2B3C4D5').checkDigit).toBe('L');
    expect(() => Emaid.parse('DE-8EO-CAet5e4XY-3')).toThrow(wrongCheckDigit);
    expect(Emaid.parse('DE-8EO-CAet5e4XY').checkDigit).toBe('T');
  });

  it.each([
    ['NL-TNM-C0012204', 'format'], // 8-character instance
    ['NL-TNM-C001220456-K', 'format'], // 10-character instance
    ['N-TNM-C00122045-K', 'format'],
    ['NL-TN|-C00122045', 'format'],
    ['NL*TNM*C00122045', 'format'], // '*' is the EVSE id separator
    ['NL--TNM-C00122045', 'format'],
    ['NL-TNM-C00122045-', 'format'],
    ['NL-TNM-C00122045-KK', 'format'],
    ['12-TNM-C00122045', 'format'],
    ['NN123ABCDEFGHIT', 'country-code'], // valid check digit, but NN is no country
    ['', 'required'],
  ])('refuses %j (%s)', (input, rule) => {
    expect(() => Emaid.parse(input)).toThrow(invalid(rule));
  });

  it('keeps the id out of error messages (it identifies a contract)', () => {
    const message = messageOf(() => Emaid.parse('NL-TNM-C0012204'));
    expect(message).toContain('emaid');
    expect(message).not.toContain('C0012204');
    expect(messageOf(() => Emaid.parse('NLTNMC00122045X'))).not.toContain('C00122045');
  });

  it('names the caller’s field in the error', () => {
    expect(() => Emaid.parse('nope', 'contract_id')).toThrow(invalid('format', 'contract_id'));
  });

  it('isValid answers without throwing', () => {
    expect(Emaid.isValid('NLTNMC00122045K')).toBe(true);
    expect(Emaid.isValid('NLTNMC00122045X')).toBe(false);
  });
});
