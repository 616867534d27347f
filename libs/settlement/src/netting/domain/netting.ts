import { Decimal, DomainError, isIsoCurrencyCode } from '@roaming/shared-kernel';

/**
 * What one closed statement says one party owes another, in one currency. `amount` is a decimal string; a negative
 * amount (a statement whose credits outweigh its records) means the payee owes the payer. Clearing-house fees are
 * obligations like any other, payable to the hub's own party id.
 */
export interface NettingObligation {
  statementId: string;
  currency: string;
  payerPartyId: string;
  payeePartyId: string;
  amount: string;
}

/** One party's position in one currency: what it is owed, what it owes, and the difference. */
export interface NettingPosition {
  partyId: string;
  receivable: string;
  payable: string;
  /** receivable − payable: > 0 the party is paid, < 0 it pays. */
  net: string;
  /** The statements its net comes from, each with its signed amount for this party (+ owed to it, − owed by it). */
  statements: { statementId: string; amount: string }[];
}

/** A statement's obligation between two parties, as the netting read it (signed amounts normalised to ≥ 0). */
export interface NettedObligation {
  statementId: string;
  payerPartyId: string;
  payeePartyId: string;
  amount: string;
}

export interface CurrencyNetting {
  currency: string;
  positions: NettingPosition[];
  /** The obligations netted, one per statement and direction between two parties (summed, ≥ 0, zero ones dropped). */
  obligations: NettedObligation[];
  proof: NettingProof;
}

/**
 * Why the netting can be trusted, in figures anyone can re-add (verifyNetting does): the nets sum to zero, each net is
 * the sum of its statements' signed amounts, and receivables and payables both sum to the gross amount netted.
 */
export interface NettingProof {
  sumOfNets: string;
  grossAmount: string;
  sumOfReceivables: string;
  sumOfPayables: string;
  /** Gross minus what changes hands after netting (Σ of positive nets): what offsetting saved. */
  offsetAmount: string;
  parties: number;
  statements: number;
}

export interface NettingResult {
  /** The clearing house's own party id (fees are owed to it); it appears among the positions like any party. */
  hubPartyId: string;
  currencies: CurrencyNetting[];
}

const invalid = (index: number, field: string, rule: string, message: string) =>
  DomainError.validation('NETTING_OBLIGATION_INVALID', `obligations.${index}.${field}: ${message}`, {
    field: `obligations.${index}.${field}`,
    rule,
  });

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Multilateral netting per currency (IEC 63119 6.4.3): every party's obligations in a currency are offset against each
 * other, leaving one net amount per party that it pays to or receives from the clearing house. Pure and exact
 * (Decimal over BigInt, nothing rounded): amounts come out at the largest scale the currency's inputs use, and the
 * same obligations in any order give the identical result (currencies, parties and statements sorted).
 *
 * Refused with NETTING_OBLIGATION_INVALID: an amount that is not a decimal string, a currency that is not ISO 4217,
 * an empty id, or a party owing itself. Currencies are never mixed: each is netted on its own.
 */
export function netObligations(input: {
  hubPartyId: string;
  obligations: readonly NettingObligation[];
}): NettingResult {
  const perCurrency = new Map<string, { scale: number; legs: Map<string, Decimal> }>();
  input.obligations.forEach((o, index) => {
    for (const field of ['statementId', 'payerPartyId', 'payeePartyId'] as const) {
      if (typeof o[field] !== 'string' || o[field] === '') throw invalid(index, field, 'required', 'must be given');
    }
    if (typeof o.currency !== 'string' || !isIsoCurrencyCode(o.currency)) {
      throw invalid(index, 'currency', 'iso-4217', 'must be an ISO 4217 code');
    }
    if (o.payerPartyId === o.payeePartyId) {
      throw invalid(index, 'payeePartyId', 'distinct-parties', 'a party cannot owe itself');
    }
    const amount = typeof o.amount === 'string' ? Decimal.tryParse(o.amount) : undefined;
    if (!amount) throw invalid(index, 'amount', 'decimal-string', 'must be a decimal string like "12.34"');
    const currency = perCurrency.get(o.currency) ?? { scale: 0, legs: new Map<string, Decimal>() };
    currency.scale = Math.max(currency.scale, amount.scale);
    // One leg per statement and ordered pair, kept in the direction payer → payee with a signed sum.
    const [from, to, signed] =
      o.payerPartyId < o.payeePartyId
        ? [o.payerPartyId, o.payeePartyId, amount]
        : [o.payeePartyId, o.payerPartyId, amount.negate()];
    const key = JSON.stringify([o.statementId, from, to]);
    currency.legs.set(key, (currency.legs.get(key) ?? Decimal.ZERO).add(signed));
    perCurrency.set(o.currency, currency);
  });

  const currencies = [...perCurrency.keys()].sort(byText).map((currency) => {
    const { scale, legs } = perCurrency.get(currency) as { scale: number; legs: Map<string, Decimal> };
    const obligations: NettedObligation[] = [];
    for (const [key, signed] of legs) {
      if (signed.isZero()) continue;
      const [statementId, from, to] = JSON.parse(key) as [string, string, string];
      const [payer, payee] = signed.isPositive() ? [from, to] : [to, from];
      obligations.push({
        statementId,
        payerPartyId: payer,
        payeePartyId: payee,
        amount: signed.abs().withMinScale(scale).toString(),
      });
    }
    obligations.sort(
      (a, b) =>
        byText(a.statementId, b.statementId) ||
        byText(a.payerPartyId, b.payerPartyId) ||
        byText(a.payeePartyId, b.payeePartyId),
    );
    return nettingOf(currency, obligations, scale);
  });
  return { hubPartyId: input.hubPartyId, currencies };
}

/** Positions and proof from a currency's netted obligations: the one computation netObligations and verify share. */
function nettingOf(currency: string, obligations: readonly NettedObligation[], scale: number): CurrencyNetting {
  const parties = new Map<string, { receivable: Decimal; payable: Decimal; statements: Map<string, Decimal> }>();
  const party = (id: string) => {
    let p = parties.get(id);
    if (!p) {
      p = { receivable: Decimal.ZERO, payable: Decimal.ZERO, statements: new Map() };
      parties.set(id, p);
    }
    return p;
  };
  let gross = Decimal.ZERO;
  const statementIds = new Set<string>();
  for (const o of obligations) {
    const amount = Decimal.parse(o.amount);
    gross = gross.add(amount);
    statementIds.add(o.statementId);
    const payer = party(o.payerPartyId);
    payer.payable = payer.payable.add(amount);
    payer.statements.set(o.statementId, (payer.statements.get(o.statementId) ?? Decimal.ZERO).subtract(amount));
    const payee = party(o.payeePartyId);
    payee.receivable = payee.receivable.add(amount);
    payee.statements.set(o.statementId, (payee.statements.get(o.statementId) ?? Decimal.ZERO).add(amount));
  }
  const text = (d: Decimal) => d.withMinScale(scale).toString();
  let sumOfNets = Decimal.ZERO;
  let sumOfReceivables = Decimal.ZERO;
  let sumOfPayables = Decimal.ZERO;
  let paidOut = Decimal.ZERO;
  const positions = [...parties.keys()].sort(byText).map((partyId): NettingPosition => {
    const p = parties.get(partyId) as { receivable: Decimal; payable: Decimal; statements: Map<string, Decimal> };
    const net = p.receivable.subtract(p.payable);
    sumOfNets = sumOfNets.add(net);
    sumOfReceivables = sumOfReceivables.add(p.receivable);
    sumOfPayables = sumOfPayables.add(p.payable);
    if (net.isPositive()) paidOut = paidOut.add(net);
    return {
      partyId,
      receivable: text(p.receivable),
      payable: text(p.payable),
      net: text(net),
      statements: [...p.statements.keys()]
        .sort(byText)
        .map((statementId) => ({ statementId, amount: text(p.statements.get(statementId) as Decimal) })),
    };
  });
  return {
    currency,
    positions,
    obligations: [...obligations],
    proof: {
      sumOfNets: text(sumOfNets),
      grossAmount: text(gross),
      sumOfReceivables: text(sumOfReceivables),
      sumOfPayables: text(sumOfPayables),
      offsetAmount: text(gross.subtract(paidOut)),
      parties: positions.length,
      statements: statementIds.size,
    },
  };
}

export type NettingVerification = { ok: true } | { ok: false; problems: string[] };

/**
 * Re-checks a netting result from its own figures, independently of how it was computed: per currency, that the
 * nets sum to zero; that each party's net is receivable − payable and equals the sum of its statements' signed amounts;
 * that those statement amounts are what the listed obligations give; that receivables and payables both sum to the
 * gross; and that the stated proof figures are the ones re-computed. With `obligations` (the closed statements' own
 * obligations) it also re-nets them and requires the identical result — the auditor's check that nothing was dropped,
 * added or changed.
 */
export function verifyNetting(result: NettingResult, obligations?: readonly NettingObligation[]): NettingVerification {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const c of result.currencies) {
    if (seen.has(c.currency)) problems.push(`${c.currency}: listed twice`);
    seen.add(c.currency);
    let sum = Decimal.ZERO;
    let receivables = Decimal.ZERO;
    let payables = Decimal.ZERO;
    for (const p of c.positions) {
      const [receivable, payable, net] = [p.receivable, p.payable, p.net].map((v) => Decimal.tryParse(v));
      if (!receivable || !payable || !net) {
        problems.push(`${c.currency} ${p.partyId}: amounts are not decimal strings`);
        continue;
      }
      if (!receivable.subtract(payable).equals(net)) {
        problems.push(
          `${c.currency} ${p.partyId}: net ${p.net} is not receivable ${p.receivable} − payable ${p.payable}`,
        );
      }
      const fromStatements = p.statements.reduce(
        (s, st) => s.add(Decimal.tryParse(st.amount) ?? Decimal.ZERO),
        Decimal.ZERO,
      );
      if (!fromStatements.equals(net)) {
        problems.push(
          `${c.currency} ${p.partyId}: net ${p.net} is not the sum of its statements ${fromStatements.toString()}`,
        );
      }
      sum = sum.add(net);
      receivables = receivables.add(receivable);
      payables = payables.add(payable);
    }
    if (!sum.isZero()) problems.push(`${c.currency}: the nets sum to ${sum.toString()}, not 0`);
    if (!receivables.equals(payables)) {
      problems.push(`${c.currency}: receivables ${receivables.toString()} differ from payables ${payables.toString()}`);
    }
    // The positions and the proof must be exactly what the listed obligations give.
    const scale = Math.max(0, ...c.obligations.map((o) => Decimal.tryParse(o.amount)?.scale ?? 0));
    let recomputed: CurrencyNetting | null = null;
    try {
      if (c.obligations.some((o) => !Decimal.tryParse(o.amount) || Decimal.parse(o.amount).isNegative())) {
        throw new Error('an obligation amount is not a decimal ≥ 0');
      }
      recomputed = nettingOf(c.currency, c.obligations, scale);
    } catch (error) {
      problems.push(`${c.currency}: obligations unreadable (${(error as Error).message})`);
    }
    if (recomputed) {
      if (!samePositions(recomputed.positions, c.positions)) {
        problems.push(`${c.currency}: positions are not what the listed obligations give`);
      }
      if (!sameProof(recomputed.proof, c.proof)) {
        problems.push(`${c.currency}: the proof figures are not the re-computed ones`);
      }
    }
  }
  if (obligations) {
    const again = netObligations({ hubPartyId: result.hubPartyId, obligations });
    if (JSON.stringify(again) !== JSON.stringify(result)) {
      problems.push('re-netting the given obligations does not give this result');
    }
  }
  return problems.length === 0 ? { ok: true } : { ok: false, problems };
}

function samePositions(a: readonly NettingPosition[], b: readonly NettingPosition[]): boolean {
  if (a.length !== b.length) return false;
  const equal = (x: string, y: string) => {
    const [dx, dy] = [Decimal.tryParse(x), Decimal.tryParse(y)];
    return !!dx && !!dy && dx.equals(dy);
  };
  return a.every((p, i) => {
    const q = b[i];
    return (
      p.partyId === q.partyId &&
      equal(p.receivable, q.receivable) &&
      equal(p.payable, q.payable) &&
      equal(p.net, q.net) &&
      p.statements.length === q.statements.length &&
      p.statements.every(
        (s, j) => s.statementId === q.statements[j].statementId && equal(s.amount, q.statements[j].amount),
      )
    );
  });
}

function sameProof(a: NettingProof, b: NettingProof): boolean {
  const amounts = ['sumOfNets', 'grossAmount', 'sumOfReceivables', 'sumOfPayables', 'offsetAmount'] as const;
  return (
    a.parties === b.parties &&
    a.statements === b.statements &&
    amounts.every((k) => {
      const [x, y] = [Decimal.tryParse(a[k]), Decimal.tryParse(b[k])];
      return !!x && !!y && x.equals(y);
    })
  );
}

/** A closed statement as netting reads it (settlement's StatementClosedData fits: extra fields are ignored). */
export interface NettableStatement {
  statementId: string;
  /** The EVSP: it owes the statement's totals (records minus credits). */
  emspPartyId: string;
  /** The CPO: it is owed them. */
  cpoPartyId: string;
  /** Per currency; amountInclVat is what changes hands (negative when credits outweigh records). */
  totals: readonly { currency: string; amountInclVat: string }[];
  /** Clearing-house fees, each owed by `payerPartyId` to the hub. */
  fees: readonly { payerPartyId: string; currency: string; amount: string }[];
}

/**
 * The obligations a closed statement puts into the netting: per currency, the EVSP owes the CPO the statement's total
 * including VAT (a negative total stays negative: the CPO then owes the EVSP, which netObligations reads as such), and
 * each fee line is owed by its payer to the hub. Zero amounts are left out.
 */
export function statementObligations(statement: NettableStatement, hubPartyId: string): NettingObligation[] {
  const obligations: NettingObligation[] = [];
  const nonZero = (amount: string) => !(Decimal.tryParse(amount)?.isZero() ?? false);
  for (const total of statement.totals) {
    if (!nonZero(total.amountInclVat)) continue;
    obligations.push({
      statementId: statement.statementId,
      currency: total.currency,
      payerPartyId: statement.emspPartyId,
      payeePartyId: statement.cpoPartyId,
      amount: total.amountInclVat,
    });
  }
  for (const fee of statement.fees) {
    if (!nonZero(fee.amount)) continue;
    obligations.push({
      statementId: statement.statementId,
      currency: fee.currency,
      payerPartyId: fee.payerPartyId,
      payeePartyId: hubPartyId,
      amount: fee.amount,
    });
  }
  return obligations;
}
