import { Emaid } from '@roaming/shared-kernel';
import { hash32, hashFraction } from './random';
import { blockedContractsPerEvsp, type ScenarioParameters } from './scenario-parameters';

/** ISO 3166-1 codes the generated party ids use, in turn. */
const COUNTRIES = ['DE', 'NL', 'FR', 'BE', 'AT', 'IT', 'ES', 'SE', 'DK', 'CH'] as const;
const CODES_PER_COUNTRY = 36 ** 3;

export type PartnerRole = 'cpo' | 'emsp';

export interface PartnerSpec {
  /** 0..cpos-1 for CPOs, cpos..cpos+evsps-1 for EVSPs. */
  index: number;
  role: PartnerRole;
  /** Normalised party id, e.g. 'DE0K7'. */
  partyId: string;
  name: string;
}

const base36 = (n: number, width: number) => n.toString(36).toUpperCase().padStart(width, '0');

/**
 * The market of a scenario, computed on demand from the seed: nothing is materialised, so 1 000 partners with
 * 1 000 000 EVSEs and 10 000 000 tokens cost no memory until used. Ids are unique by construction (bijections of
 * the indices), valid for the shared kernel's value objects, and differ between seeds (the party codes are offset
 * by the seed; two seeds may still meet, so use a fresh seed against a deployment that keeps its data).
 */
export class World {
  private readonly partyOffset: number;
  private readonly tokenNamespace: number;
  private readonly agreementsByCpo = new Map<number, readonly number[]>();
  private readonly missingByCpo = new Map<number, readonly number[]>();

  constructor(readonly parameters: ScenarioParameters) {
    this.partyOffset = hash32(parameters.seed, 'party-offset') % CODES_PER_COUNTRY;
    this.tokenNamespace = hash32(parameters.seed, 'token-namespace') & 0x7f;
  }

  get seed(): number {
    return this.parameters.seed;
  }

  get partnerCount(): number {
    return this.parameters.cpos + this.parameters.evsps;
  }

  partner(index: number): PartnerSpec {
    if (!Number.isInteger(index) || index < 0 || index >= this.partnerCount) throw new Error(`no partner ${index}`);
    const country = COUNTRIES[index % COUNTRIES.length];
    const code = base36((Math.floor(index / COUNTRIES.length) + this.partyOffset) % CODES_PER_COUNTRY, 3);
    const role: PartnerRole = index < this.parameters.cpos ? 'cpo' : 'emsp';
    const number = role === 'cpo' ? index + 1 : index - this.parameters.cpos + 1;
    return {
      index,
      role,
      partyId: `${country}${code}`,
      name: role === 'cpo' ? `Load CPO ${number} (${country}${code})` : `Load EVSP ${number} (${country}${code})`,
    };
  }

  cpo(c: number): PartnerSpec {
    return this.partner(this.checkIndex('cpo', c, this.parameters.cpos));
  }

  evsp(e: number): PartnerSpec {
    return this.partner(this.parameters.cpos + this.checkIndex('evsp', e, this.parameters.evsps));
  }

  /**
   * Whether CPO c and EVSP e have a roaming agreement. A pair is bound with probability `agreementDensity`; each CPO
   * always has one with EVSP c mod evsps and, when there are several EVSPs, never one with EVSP (c + 1) mod evsps,
   * so that every CPO can both grant sessions and meet tokens it has no agreement for.
   */
  hasAgreement(c: number, e: number): boolean {
    const { evsps } = this.parameters;
    if (e === c % evsps) return true;
    if (evsps > 1 && e === (c + 1) % evsps) return false;
    return hashFraction(this.seed, 'agreement', c, e) < this.parameters.agreementDensity;
  }

  /** The EVSPs CPO c has an agreement with (memoised: evsps hashes per CPO). */
  agreementsOf(c: number): readonly number[] {
    this.fillAgreements(c);
    return this.agreementsByCpo.get(c)!;
  }

  /** The EVSPs CPO c has no agreement with. */
  evspsWithoutAgreement(c: number): readonly number[] {
    this.fillAgreements(c);
    return this.missingByCpo.get(c)!;
  }

  /** Every (CPO, EVSP) pair with an agreement, CPO by CPO. */
  *agreementPairs(): Generator<{ c: number; e: number }> {
    for (let c = 0; c < this.parameters.cpos; c++) for (const e of this.agreementsOf(c)) yield { c, e };
  }

  agreementCount(): number {
    let n = 0;
    for (let c = 0; c < this.parameters.cpos; c++) n += this.agreementsOf(c).length;
    return n;
  }

  /** ISO 15118 EVSE id of EVSE x of CPO c: 'DE*0K7*E00001A*1'. */
  evseId(c: number, x: number): string {
    const party = this.cpo(c).partyId;
    this.checkIndex('evse', x, this.parameters.evsesPerCpo);
    return `${party.slice(0, 2)}*${party.slice(2)}*E${base36(x, 6)}*1`;
  }

  /** The eMA id of contract k of EVSP e, with its check digit. */
  emaid(e: number, k: number): string {
    const party = this.evsp(e).partyId;
    this.checkIndex('contract', k, this.parameters.contractsPerEvsp);
    return Emaid.parse(`${party}C${base36(k, 8)}`).value;
  }

  /**
   * The RFID UID of token t of contract k of EVSP e: 7 bytes = a namespace byte of the seed (top bit clear),
   * the EVSP (16 bits), the contract (26 bits) and the token (6 bits). A bijection, so never two alike.
   */
  tokenUid(e: number, k: number, t: number): string {
    this.checkIndex('evsp', e, this.parameters.evsps);
    this.checkIndex('contract', k, this.parameters.contractsPerEvsp);
    this.checkIndex('token', t, this.parameters.tokensPerContract);
    return uid7(this.tokenNamespace, e, k * 64 + t);
  }

  /** A UID no EVSP registered (top bit of the namespace byte set), different for every n. */
  unknownTokenUid(n: number): string {
    return uid7(this.tokenNamespace | 0x80, Math.floor(n / 2 ** 32) & 0xffff, n % 2 ** 32);
  }

  /** How many contracts of each EVSP are blocked (the last ones). */
  get blockedContractsPerEvsp(): number {
    return blockedContractsPerEvsp(this.parameters);
  }

  isBlocked(k: number): boolean {
    return k >= this.parameters.contractsPerEvsp - this.blockedContractsPerEvsp;
  }

  counts(): { partners: number; agreements: number; evses: number; contracts: number; tokens: number } {
    const p = this.parameters;
    return {
      partners: this.partnerCount,
      agreements: this.agreementCount(),
      evses: p.cpos * p.evsesPerCpo,
      contracts: p.evsps * p.contractsPerEvsp,
      tokens: p.evsps * p.contractsPerEvsp * p.tokensPerContract,
    };
  }

  private fillAgreements(c: number): void {
    if (this.agreementsByCpo.has(c)) return;
    this.checkIndex('cpo', c, this.parameters.cpos);
    const bound: number[] = [];
    const missing: number[] = [];
    for (let e = 0; e < this.parameters.evsps; e++) (this.hasAgreement(c, e) ? bound : missing).push(e);
    this.agreementsByCpo.set(c, bound);
    this.missingByCpo.set(c, missing);
  }

  private checkIndex(what: string, index: number, size: number): number {
    if (!Number.isInteger(index) || index < 0 || index >= size) throw new Error(`no ${what} ${index} (of ${size})`);
    return index;
  }
}

/** 1 byte + 2 bytes + 4 bytes, big endian, as 14 hex digits. */
function uid7(namespace: number, high16: number, low32: number): string {
  return (
    namespace.toString(16).padStart(2, '0') +
    high16.toString(16).padStart(4, '0') +
    (low32 >>> 0).toString(16).padStart(8, '0')
  ).toUpperCase();
}
