import { DomainError } from '@roaming/shared-kernel';
import { normalizePartyId } from './party-id';
import { assertActsFor } from './party-scope';
import type { Principal } from './principal';

const cpo: Principal = { partnerId: 'p-1', partyIds: ['DEABC', 'ATXYZ'], roles: ['cpo'], keyId: 'k-1' };

describe('assertActsFor', () => {
  it('passes for a party the principal holds, in any usual spelling, and returns it normalized', () => {
    expect(assertActsFor(cpo, 'DEABC')).toBe('DEABC');
    expect(assertActsFor(cpo, 'de*abc')).toBe('DEABC');
    expect(assertActsFor(cpo, 'AT-XYZ')).toBe('ATXYZ');
  });

  it('refuses any other party with PARTY_SCOPE', () => {
    expect(() => assertActsFor(cpo, 'NLEVB')).toThrow(
      expect.objectContaining({ code: 'PARTY_SCOPE', kind: 'forbidden' }) as DomainError,
    );
    const operator: Principal = { partnerId: 'operator', partyIds: [], roles: ['operator'], keyId: 'k' };
    expect(() => assertActsFor(operator, 'DEABC')).toThrow(DomainError);
  });
});

describe('normalizePartyId', () => {
  it('accepts eMI3 and OCPI spellings', () => {
    expect(normalizePartyId('DE*ABC')).toBe('DEABC');
    expect(normalizePartyId(' nl-evb ')).toBe('NLEVB');
    expect(normalizePartyId('FR1A2')).toBe('FR1A2');
  });

  it('refuses anything else naming the field and the rule', () => {
    expect(() => normalizePartyId('D1ABC', 'partyIds')).toThrow(
      expect.objectContaining({
        code: 'PARTY_ID_INVALID',
        details: expect.objectContaining({ field: 'partyIds' }),
      }) as DomainError,
    );
    expect(() => normalizePartyId('DEABCD')).toThrow(DomainError);
  });
});
