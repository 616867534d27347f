import { EvseId } from './evse-id';
import { PartyId } from './party-id';

function invalid(rule: string, field = 'evseId') {
  return expect.objectContaining({ code: 'EVSE_ID_INVALID', kind: 'validation', details: { field, rule } });
}

describe('EvseId', () => {
  it.each([
    ['DE*ABC*E123456*1', 'DE*ABC*E123456*1'],
    ['DEABCE123456*1', 'DE*ABC*E123456*1'],
    ['DE*ABCE123456*1', 'DE*ABC*E123456*1'],
    ['DEABC*E123456*1', 'DE*ABC*E123456*1'],
    ['de*abc*e123456*1', 'DE*ABC*E123456*1'],
    ['  DE*ABC*E123456*1  ', 'DE*ABC*E123456*1'],
    ['DEABCE1234561', 'DE*ABC*E1234561'],
    // ISO 15118-2 Annex H / OCHP example, and the OICP one.
    ['FR*A23*E45B*78C', 'FR*A23*E45B*78C'],
    ['DE*AB7*E840*6487', 'DE*AB7*E840*6487'],
    // DIN SPEC 91286 ids mapped to ISO (OCHP): +49*823*1234*5678 is DE*823*E1234*5678.
    ['DE*823*E1234*5678', 'DE*823*E1234*5678'],
    ['CH*ION*E213604', 'CH*ION*E213604'],
    ['DE*ABC*E1', 'DE*ABC*E1'],
    // The operator id may itself end in 'E'; the fixed widths keep it unambiguous.
    ['DEABEE1', 'DE*ABE*E1'],
  ])('parses %j to %j', (input, normalised) => {
    expect(EvseId.parse(input).value).toBe(normalised);
  });

  it('exposes the operator as a party id and the power outlet id', () => {
    const evse = EvseId.parse('de*abc*e123456*1');
    expect(evse.operatorId).toBeInstanceOf(PartyId);
    expect(evse.operatorId.value).toBe('DEABC');
    expect(evse.countryCode).toBe('DE');
    expect(evse.powerOutletId).toBe('123456*1');
    expect(evse.toString()).toBe('DE*ABC*E123456*1');
    expect(JSON.stringify([evse])).toBe('["DE*ABC*E123456*1"]');
  });

  it('tells whether a CPO operates the EVSE', () => {
    const evse = EvseId.parse('DE*ABC*E123456*1');
    expect(evse.isOperatedBy(PartyId.parse('DE-ABC'))).toBe(true);
    expect(evse.isOperatedBy(PartyId.parse('DE-ABD'))).toBe(false);
    expect(evse.isOperatedBy(PartyId.parse('AT-ABC'))).toBe(false);
  });

  it('keeps separators inside the power outlet id, so they still distinguish ids', () => {
    expect(EvseId.parse('DEABCE123456*1').equals(EvseId.parse('DE*ABC*E123456*1'))).toBe(true);
    expect(EvseId.parse('DE*ABC*E1234561').equals(EvseId.parse('DE*ABC*E123456*1'))).toBe(false);
  });

  it('accepts a power outlet id of 31 characters (ISO: 37 characters in all) and refuses 32', () => {
    const outlet31 = 'A'.repeat(31);
    expect(EvseId.parse(`DE*ABC*E${outlet31}`).powerOutletId).toBe(outlet31);
    expect(() => EvseId.parse(`DE*ABC*E${outlet31}B`)).toThrow(invalid('format'));
  });

  it.each([
    ['DE*ABC*123456', 'format'], // no ID type
    ['DE*ABC*S123456', 'format'], // eMI3 station id, not an EVSE
    ['DE*ABC*P123456', 'format'], // eMI3 pool id, not an EVSE
    ['DE*ABC*E', 'format'], // empty power outlet id
    ['DE*ABC*E*1', 'format'], // power outlet id must start alphanumeric
    ['DE*AB*E1', 'format'],
    ['D*ABC*E1', 'format'],
    ['DE**ABC*E1', 'format'],
    ['DE-ABC-E1', 'format'],
    ['DE*ABC*E12_3', 'format'],
    ['+49*823*1234*5678', 'format'], // DIN SPEC 91286 form is not accepted as such
    ['XX*ABC*E1', 'country-code'],
    ['', 'required'],
  ])('refuses %j (%s)', (input, rule) => {
    expect(() => EvseId.parse(input)).toThrow(invalid(rule));
  });

  it('names the caller’s field in the error', () => {
    expect(() => EvseId.parse('nope', 'evse_id')).toThrow(invalid('format', 'evse_id'));
  });

  it('isValid answers without throwing', () => {
    expect(EvseId.isValid('DE*ABC*E1')).toBe(true);
    expect(EvseId.isValid('DE*ABC*1')).toBe(false);
  });
});
