import type { AgreementFacts, AuthorizationTokenType, RegisteredTokenType } from '../../authorization/domain';
import type { RegistryPartnerStatus } from './registry-view.changes';
import type { TokenRow } from './registry-view.contract-facts';

/** A partner as the lookup needs it: its parties, its standing and, for a provider that decides at home, where. */
export interface ReplicaPartner {
  partnerId: string;
  partyIds: readonly string[];
  status: RegistryPartnerStatus;
  contractsAtHub: boolean;
  authorizationUrl: string | null;
  authorizationTimeoutMs: number | null;
}

/** What the view holds for one authorization request, before it is turned into facts. */
export interface ReplicaMatch {
  /** The token rows the request matches: its own row, or every token of the contract it names. */
  tokens: readonly TokenRow[];
  /** The provider: the newest matching token's, else the one the contract id names. */
  emspPartyId: string | null;
  /** Between the EVSE's operator and that provider, oldest first. */
  agreements: readonly AgreementFacts[];
  /** The partners acting for that provider. */
  providers: readonly ReplicaPartner[];
}

/** One lookup: the EVSE's operator and the token as presented (key normalised with tokenKey). */
export interface ReplicaLookup {
  cpoPartyId: string;
  type: AuthorizationTokenType;
  key: string;
  /** The provider a presented contract id names (its prefix), for a contract the hub holds no token of. */
  namedProvider: string | null;
}

const NO_TOKENS: readonly TokenRow[] = [];
const NO_AGREEMENTS: readonly AgreementFacts[] = [];
const NO_PARTNERS: readonly ReplicaPartner[] = [];

/**
 * This process's copy of the registry view (authz.tokens, authz.agreements, authz.partners), indexed for the hot
 * path: an authorization reads it without a database round trip (GeM 983: the round trip time as low as possible;
 * the "a decision needs no remote call"). Every lookup is a few hash-map reads, so its cost does not grow
 * with the number of tokens. The tables stay the source of truth: this copy is filled from them and told which rows
 * changed (RegistryViewRepository); it never decides what a change means.
 */
export class RegistryReplica {
  /** Token type → uid → row: no composed key string per token (a million tokens, a million fewer strings). */
  private readonly tokens = new Map<RegisteredTokenType, Map<string, TokenRow>>();
  /**
   * Contract id → its token's row, or its tokens' rows when it has several, for a token presented as an eMA id. A
   * bare row for the common single token: a million contracts, a million fewer arrays.
   */
  private readonly byContract = new Map<string, TokenRow | TokenRow[]>();
  private readonly agreements = new Map<string, AgreementFacts>();
  /** `cpo provider` → its agreements, oldest first. */
  private readonly byParties = new Map<string, AgreementFacts[]>();
  private readonly partners = new Map<string, ReplicaPartner>();
  /** Party id → the partners claiming it, by partner id. */
  private readonly byParty = new Map<string, ReplicaPartner[]>();

  get size(): { tokens: number; agreements: number; partners: number } {
    let tokens = 0;
    for (const ofType of this.tokens.values()) tokens += ofType.size;
    return { tokens, agreements: this.agreements.size, partners: this.partners.size };
  }

  lookUp(request: ReplicaLookup): ReplicaMatch {
    const tokens =
      request.type === 'EMAID' || request.type === 'PLUG_AND_CHARGE'
        ? this.contractTokens(request.key)
        : this.tokenRows(request.type, request.key);
    const emspPartyId = newest(tokens)?.emsp_party_id ?? request.namedProvider;
    if (emspPartyId === null) return { tokens, emspPartyId, agreements: NO_AGREEMENTS, providers: NO_PARTNERS };
    return {
      tokens,
      emspPartyId,
      agreements: this.byParties.get(partiesKey(request.cpoPartyId, emspPartyId)) ?? NO_AGREEMENTS,
      providers: this.byParty.get(emspPartyId) ?? NO_PARTNERS,
    };
  }

  /** The row of a token as stored (type and normalised uid), or undefined: replaces it, or removes it when gone. */
  putToken(type: RegisteredTokenType, uid: string, row: TokenRow | undefined): void {
    let ofType = this.tokens.get(type);
    if (!ofType) this.tokens.set(type, (ofType = new Map()));
    const before = ofType.get(uid);
    if (before) this.unindexContract(before);
    if (!row) {
      ofType.delete(uid);
      return;
    }
    ofType.set(uid, row);
    const rows = this.byContract.get(row.emaid);
    if (rows === undefined) this.byContract.set(row.emaid, row);
    else if (Array.isArray(rows)) rows.push(row);
    else this.byContract.set(row.emaid, [rows, row]);
  }

  putAgreement(agreementId: string, agreement: AgreementFacts | undefined): void {
    const before = this.agreements.get(agreementId);
    if (before) {
      removeFrom(
        this.byParties,
        partiesKey(before.cpoPartyId, before.emspPartyId),
        (a) => a.agreementId === agreementId,
      );
    }
    if (!agreement) {
      this.agreements.delete(agreementId);
      return;
    }
    this.agreements.set(agreementId, agreement);
    const pair = partiesKey(agreement.cpoPartyId, agreement.emspPartyId);
    // A new array, not pushed into: a lookup that returned the old one keeps a consistent list.
    this.byParties.set(pair, [...(this.byParties.get(pair) ?? []), agreement].sort(oldestFirst));
  }

  putPartner(partnerId: string, partner: ReplicaPartner | undefined): void {
    const before = this.partners.get(partnerId);
    for (const party of before?.partyIds ?? []) removeFrom(this.byParty, party, (p) => p.partnerId === partnerId);
    if (!partner) {
      this.partners.delete(partnerId);
      return;
    }
    this.partners.set(partnerId, partner);
    for (const party of new Set(partner.partyIds)) {
      const claiming = [...(this.byParty.get(party) ?? []), partner];
      this.byParty.set(
        party,
        claiming.sort((a, b) => (a.partnerId < b.partnerId ? -1 : 1)),
      );
    }
  }

  private tokenRows(type: AuthorizationTokenType, key: string): readonly TokenRow[] {
    const row = this.tokens.get(type as RegisteredTokenType)?.get(key);
    return row ? [row] : NO_TOKENS;
  }

  private contractTokens(emaid: string): readonly TokenRow[] {
    const rows = this.byContract.get(emaid);
    if (rows === undefined) return NO_TOKENS;
    return Array.isArray(rows) ? [...rows] : [rows];
  }

  private unindexContract(row: TokenRow): void {
    const rows = this.byContract.get(row.emaid);
    if (rows === undefined) return;
    if (!Array.isArray(rows)) {
      if (rows === row) this.byContract.delete(row.emaid);
      return;
    }
    const rest = rows.filter((r) => r !== row);
    if (rest.length === 0) this.byContract.delete(row.emaid);
    else this.byContract.set(row.emaid, rest.length === 1 ? rest[0] : rest);
  }
}

/** Takes the matching entries out of an index's list (as a new list: lookups may hold the old one). */
function removeFrom<T>(index: Map<string, T[]>, at: string, matches: (entry: T) => boolean): void {
  const rest = (index.get(at) ?? []).filter((entry) => !matches(entry));
  if (rest.length > 0) index.set(at, rest);
  else index.delete(at);
}

function tokensKey(type: AuthorizationTokenType, uid: string): string {
  return `${type} ${uid}`;
}

/** Party ids hold no spaces (country code and party id), so a space cannot join two pairs into one key. */
function partiesKey(cpoPartyId: string, emspPartyId: string): string {
  return `${cpoPartyId} ${emspPartyId}`;
}

/** The most recently changed row; on a tie the first by type and uid, so that every instance picks the same one. */
function newest(rows: readonly TokenRow[]): TokenRow | undefined {
  let found: TokenRow | undefined;
  for (const row of rows) {
    if (!found) {
      found = row;
      continue;
    }
    const [at, foundAt] = [instant(row.updated_at), instant(found.updated_at)];
    if (
      at > foundAt ||
      (at === foundAt && tokensKey(row.token_type, row.token_uid) < tokensKey(found.token_type, found.token_uid))
    )
      found = row;
  }
  return found;
}

/**
 * By start of validity (to the millisecond, as the registry publishes it), then id by code point: the same order in
 * every instance whatever the database's collation (the decision takes the first agreement in force).
 */
function oldestFirst(a: AgreementFacts, b: AgreementFacts): number {
  if (a.validFrom !== b.validFrom) return a.validFrom < b.validFrom ? -1 : 1;
  return a.agreementId < b.agreementId ? -1 : a.agreementId > b.agreementId ? 1 : 0;
}

function instant(value: Date | string | number): number {
  if (typeof value === 'number') return value;
  return typeof value === 'string' ? Date.parse(value) : value.getTime();
}
