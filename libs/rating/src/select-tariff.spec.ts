import { DomainError } from '@roaming/shared-kernel';
import { selectTariff, type SelectTariffInput, type TariffVersionJson } from './select-tariff';
import type { TariffJson } from './tariff.model';

const tariff = (price: string): TariffJson => ({
  currency: 'EUR',
  vatPercent: '19',
  elements: [{ priceComponents: [{ type: 'ENERGY', price }] }],
});

const version = (
  tariffId: string,
  versionNumber: number,
  validFrom: string,
  audience: 'public' | 'negotiated' = 'public',
  cpoPartyId = 'DE*CPO',
): TariffVersionJson => ({
  cpoPartyId,
  tariffId,
  version: versionNumber,
  audience,
  validFrom,
  tariff: tariff(`0.${tariffId.length}${versionNumber}`),
});

const select = (overrides: Partial<SelectTariffInput>) =>
  selectTariff({
    cpoPartyId: 'DE*CPO',
    at: '2026-03-10T12:00:00Z',
    negotiatedTariffId: null,
    requestedTariffId: null,
    versions: [],
    ...overrides,
  });

describe('selectTariff (issue 6, IEC 63119 6.4.3 / UC3-5: which tariff prices a record)', () => {
  describe('negotiated tariff of the agreement', () => {
    it('wins over public tariffs and over what the record names, with its version in force at session start', () => {
      const result = select({
        negotiatedTariffId: 'NEG',
        requestedTariffId: 'PUB',
        versions: [
          version('NEG', 1, '2026-01-01T00:00:00Z', 'negotiated'),
          version('NEG', 2, '2026-03-01T00:00:00Z', 'negotiated'),
          version('NEG', 3, '2026-04-01T00:00:00Z', 'negotiated'),
          version('PUB', 1, '2026-01-01T00:00:00Z'),
        ],
      });
      expect(result).toEqual({
        kind: 'SELECTED',
        basis: 'NEGOTIATED',
        tariffId: 'NEG',
        version: 2,
        validFrom: '2026-03-01T00:00:00Z',
        tariff: tariff('0.32'),
      });
    });

    it('is MISSING when the negotiated tariff has no version in force yet — no fall-back to the public one', () => {
      const result = select({
        negotiatedTariffId: 'NEG',
        versions: [version('NEG', 1, '2026-04-01T00:00:00Z', 'negotiated'), version('PUB', 1, '2026-01-01T00:00:00Z')],
      });
      expect(result).toEqual({ kind: 'MISSING', reason: expect.stringContaining('negotiated tariff NEG') });
    });

    it('is MISSING when the negotiated tariff is unknown or belongs to another CPO', () => {
      const result = select({
        negotiatedTariffId: 'NEG',
        versions: [version('NEG', 1, '2026-01-01T00:00:00Z', 'negotiated', 'DE*OTH')],
      });
      expect(result.kind).toBe('MISSING');
    });

    it('uses the version in force, compares instants not strings, and a later publication at the same instant wins', () => {
      const result = select({
        at: '2026-03-10T13:00:00+01:00', // 12:00Z: exactly when version 3 starts
        negotiatedTariffId: 'NEG',
        versions: [
          version('NEG', 3, '2026-03-10T12:00:00.000Z', 'negotiated'),
          version('NEG', 4, '2026-03-10T12:00:00Z', 'negotiated'),
          version('NEG', 5, '2026-03-10T12:00:01Z', 'negotiated'),
          version('NEG', 4, '2026-03-10T12:00:00Z', 'negotiated'), // duplicate delivery
        ],
      });
      expect(result).toMatchObject({ kind: 'SELECTED', basis: 'NEGOTIATED', version: 4 });
    });
  });

  describe('public tariffs of the CPO', () => {
    const publics = [
      version('A', 1, '2026-01-01T00:00:00Z'),
      version('B', 1, '2026-02-01T00:00:00Z'),
      version('C', 1, '2026-06-01T00:00:00Z'), // not yet in force
      version('N', 1, '2026-01-01T00:00:00Z', 'negotiated'),
      version('X', 1, '2026-01-01T00:00:00Z', 'public', 'DE*OTH'),
    ];

    it('takes the one the record names when it is public and in force', () => {
      expect(select({ requestedTariffId: 'B', versions: publics })).toMatchObject({
        kind: 'SELECTED',
        basis: 'PUBLIC',
        tariffId: 'B',
        version: 1,
      });
    });

    it('takes the only public tariff in force when the record names none', () => {
      expect(select({ versions: publics.filter((v) => v.tariffId !== 'B') })).toMatchObject({
        kind: 'SELECTED',
        basis: 'PUBLIC',
        tariffId: 'A',
      });
    });

    it('is MISSING when no public tariff is in force (none published, only future, only negotiated, other CPO)', () => {
      expect(select({ versions: [] }).kind).toBe('MISSING');
      const result = select({
        requestedTariffId: 'C',
        versions: publics.filter((v) => ['C', 'N', 'X'].includes(v.tariffId)),
      });
      expect(result).toEqual({ kind: 'MISSING', reason: expect.stringContaining('no public tariff in force') });
    });

    it('is AMBIGUOUS when several are in force and the record names none', () => {
      expect(select({ versions: publics })).toEqual({
        kind: 'AMBIGUOUS',
        reason: expect.stringContaining('2 public tariffs in force at 2026-03-10T12:00:00Z (A, B)'),
      });
    });

    it('is AMBIGUOUS when the record names a tariff that is unknown, negotiated or not in force', () => {
      for (const named of ['ZZ', 'N', 'C']) {
        expect(select({ requestedTariffId: named, versions: publics })).toEqual({
          kind: 'AMBIGUOUS',
          reason: expect.stringContaining(`names tariff ${named}`),
        });
      }
      // even with exactly one public tariff in force, a record naming another is reported, not guessed
      expect(select({ requestedTariffId: 'ZZ', versions: [publics[0]] }).kind).toBe('AMBIGUOUS');
    });

    it('counts a tariff as public by its version in force: public → negotiated later is no longer public', () => {
      const versions = [version('A', 1, '2026-01-01T00:00:00Z'), version('A', 2, '2026-03-01T00:00:00Z', 'negotiated')];
      expect(select({ versions }).kind).toBe('MISSING');
      expect(select({ at: '2026-02-01T00:00:00Z', versions })).toMatchObject({ kind: 'SELECTED', version: 1 });
    });
  });

  it('is a pure function of its inputs: the order of versions does not matter', () => {
    const versions = [
      version('A', 1, '2026-01-01T00:00:00Z'),
      version('A', 2, '2026-02-01T00:00:00Z'),
      version('B', 1, '2026-01-01T00:00:00Z'),
    ];
    const forward = select({ requestedTariffId: 'A', versions });
    const backward = select({ requestedTariffId: 'A', versions: [...versions].reverse() });
    expect(backward).toEqual(forward);
    expect(forward).toMatchObject({ tariffId: 'A', version: 2 });
  });

  it('refuses an instant that is not ISO-8601 with a validation error', () => {
    expect(() => select({ at: 'yesterday' })).toThrow(DomainError);
    expect(() => select({ at: 'yesterday' })).toThrow(expect.objectContaining({ code: 'TARIFF_SELECTION_INVALID' }));
  });
});
