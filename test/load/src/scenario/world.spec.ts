import { Emaid, EvseId, PartyId, TokenUid } from '@roaming/shared-kernel';
import { PRESETS } from './presets';
import type { ScenarioParameters } from './scenario-parameters';
import { World } from './world';

const smoke = (seed: number, changes: Partial<ScenarioParameters> = {}): ScenarioParameters => ({
  ...structuredClone(PRESETS.smoke),
  seed,
  ...changes,
});

describe('World: the scenario market, computed on demand from the seed', () => {
  it('is the same for the same seed and differs for another one', () => {
    const a = new World(smoke(7));
    const b = new World(smoke(7));
    const c = new World(smoke(8));
    const describe = (w: World) => [
      w.partner(0).partyId,
      w.evsp(2).partyId,
      w.evseId(1, 42),
      w.emaid(0, 3),
      w.tokenUid(1, 2, 1),
      w.unknownTokenUid(5),
      [...w.agreementPairs()].map(({ c: cpo, e }) => `${cpo}-${e}`).join(','),
    ];
    expect(describe(a)).toEqual(describe(b));
    expect(describe(a)).not.toEqual(describe(c));
  });

  it("produces ids the shared kernel's value objects accept, unchanged by their normalisation", () => {
    const w = new World(smoke(3, { cpos: 12, evsps: 12 }));
    for (let i = 0; i < w.partnerCount; i++)
      expect(PartyId.parse(w.partner(i).partyId).value).toBe(w.partner(i).partyId);
    expect(EvseId.parse(w.evseId(11, 49)).value).toBe(w.evseId(11, 49));
    expect(EvseId.parse(w.evseId(11, 49)).operatorId.value).toBe(w.cpo(11).partyId);
    const emaid = Emaid.parse(w.emaid(5, 19));
    expect(emaid.value).toBe(w.emaid(5, 19));
    expect(emaid.providerId.value).toBe(w.evsp(5).partyId);
    expect(TokenUid.parse(w.tokenUid(5, 19, 1)).value).toBe(w.tokenUid(5, 19, 1));
    expect(TokenUid.parse(w.unknownTokenUid(123_456)).byteLength).toBe(7);
  });

  it('never gives two partners, contracts or tokens the same id, nor an unknown token a registered one', () => {
    const w = new World(smoke(11, { cpos: 40, evsps: 60, contractsPerEvsp: 30, tokensPerContract: 3 }));
    const parties = new Set([...Array(w.partnerCount).keys()].map((i) => w.partner(i).partyId));
    expect(parties.size).toBe(100);
    const tokens = new Set<string>();
    const emaids = new Set<string>();
    for (let e = 0; e < 60; e++) {
      for (let k = 0; k < 30; k++) {
        emaids.add(w.emaid(e, k));
        for (let t = 0; t < 3; t++) tokens.add(w.tokenUid(e, k, t));
      }
    }
    expect(emaids.size).toBe(60 * 30);
    expect(tokens.size).toBe(60 * 30 * 3);
    for (let n = 0; n < 1000; n++) expect(tokens.has(w.unknownTokenUid(n))).toBe(false);
  });

  it('gives every CPO an agreement to grant with and an EVSP without one, and about the asked density', () => {
    const w = new World(smoke(5, { cpos: 50, evsps: 50, agreementDensity: 0.4 }));
    for (let c = 0; c < 50; c++) {
      expect(w.agreementsOf(c)).toContain(c % 50);
      expect(w.evspsWithoutAgreement(c)).toContain((c + 1) % 50);
      expect(w.agreementsOf(c).length + w.evspsWithoutAgreement(c).length).toBe(50);
    }
    expect(w.agreementCount() / 2500).toBeGreaterThan(0.35);
    expect(w.agreementCount() / 2500).toBeLessThan(0.45);
  });

  it('blocks the last contracts of each EVSP, the asked share of them', () => {
    const w = new World(smoke(1, { contractsPerEvsp: 200, blockedContractShare: 0.05 }));
    expect(w.blockedContractsPerEvsp).toBe(10);
    expect(w.isBlocked(189)).toBe(false);
    expect(w.isBlocked(190)).toBe(true);
    expect(w.isBlocked(199)).toBe(true);
  });

  it('holds a national hub (1 000 partners, 1 000 000 EVSEs, 10 000 000 tokens) without materialising it', () => {
    const w = new World({ ...structuredClone(PRESETS.national), seed: 1 });
    const started = performance.now();
    expect(w.counts()).toEqual({
      partners: 1000,
      agreements: expect.any(Number),
      evses: 1_000_000,
      contracts: 5_000_000,
      tokens: 10_000_000,
    });
    expect(EvseId.isValid(w.evseId(499, 1999))).toBe(true);
    expect(Emaid.isValid(w.emaid(499, 9999))).toBe(true);
    expect(TokenUid.isValid(w.tokenUid(499, 9999, 1))).toBe(true);
    expect(w.tokenUid(499, 9999, 1)).not.toBe(w.tokenUid(499, 9998, 1));
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('refuses indices outside the world', () => {
    const w = new World(smoke(1));
    expect(() => w.cpo(3)).toThrow(/no cpo 3/);
    expect(() => w.tokenUid(0, 0, 2)).toThrow(/no token 2/);
    expect(() => w.evseId(0, 50)).toThrow(/no evse 50/);
  });
});
