import { DomainError } from './domain-error';
import { PartyId } from './party-id';

function invalid(field: string, rule: string) {
  return expect.objectContaining({ code: 'PARTY_ID_INVALID', kind: 'validation', details: { field, rule } });
}

describe('PartyId', () => {
  it.each(['DE*ABC', 'DE-ABC', 'DEABC', 'de*abc', 'De-aBc', '  DEABC \n'])('parses %j to DEABC', (input) => {
    const party = PartyId.parse(input);
    expect(party.value).toBe('DEABC');
    expect(party.countryCode).toBe('DE');
    expect(party.partyId).toBe('ABC');
    expect(party.toString()).toBe('DEABC');
  });

  it('accepts digits in the party id (BDEW ids such as 8AA)', () => {
    expect(PartyId.parse('DE*8AA').value).toBe('DE8AA');
    expect(PartyId.parse('NL-123').value).toBe('NL123');
  });

  it('is equal by value whatever form it was written in', () => {
    expect(PartyId.parse('DE*ABC').equals(PartyId.parse('de-abc'))).toBe(true);
    expect(PartyId.parse('DE*ABC').equals(PartyId.parse('DE*ABD'))).toBe(false);
    expect(PartyId.parse('DE*ABC').equals(PartyId.parse('AT*ABC'))).toBe(false);
  });

  it('renders the operator and provider forms and serialises as its value', () => {
    const party = PartyId.parse('deabc');
    expect(party.toOperatorForm()).toBe('DE*ABC');
    expect(party.toProviderForm()).toBe('DE-ABC');
    expect(JSON.stringify({ party })).toBe('{"party":"DEABC"}');
  });

  it.each([
    ['D*ABC', 'format'],
    ['DE*AB', 'format'],
    ['DE*ABCD', 'format'],
    ['DE**ABC', 'format'],
    ['DE_ABC', 'format'],
    ['DE A BC', 'format'],
    ['1E*ABC', 'format'],
    ['DE*AB!', 'format'],
    ['DE*ABC*', 'format'],
    ['XX*ABC', 'country-code'],
    ['UK*ABC', 'country-code'],
    ['EU-ABC', 'country-code'],
    ['', 'required'],
    ['   ', 'required'],
  ])('refuses %j (%s)', (input, rule) => {
    expect(() => PartyId.parse(input)).toThrow(DomainError);
    expect(() => PartyId.parse(input)).toThrow(invalid('partyId', rule));
  });

  it('names the caller’s field in the error', () => {
    expect(() => PartyId.parse('nope', 'operatorId')).toThrow(invalid('operatorId', 'format'));
  });

  it('refuses a value that is not a string', () => {
    expect(() => PartyId.parse(42 as unknown as string)).toThrow(invalid('partyId', 'required'));
  });

  describe('of(countryCode, partyId)', () => {
    it('builds from the two OCPI fields', () => {
      expect(PartyId.of('de', 'abc').value).toBe('DEABC');
      expect(PartyId.of('NL', 'TNM').equals(PartyId.parse('NL*TNM'))).toBe(true);
    });

    it.each([
      ['D', 'ABC', 'countryCode', 'format'],
      ['DE', 'ABCD', 'partyId', 'format'],
      ['DE', 'A*C', 'partyId', 'format'],
      ['ZZ', 'ABC', 'countryCode', 'country-code'],
    ])('refuses %j + %j', (country, party, field, rule) => {
      expect(() => PartyId.of(country, party)).toThrow(invalid(field, rule));
    });
  });

  it('isValid answers without throwing', () => {
    expect(PartyId.isValid('DE*ABC')).toBe(true);
    expect(PartyId.isValid('QQ*ABC')).toBe(false);
  });
});
