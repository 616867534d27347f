import type { OutboundObservation } from '../observe/outbound-observer';
import { type AnsweredDecision, cdrKey, type PulledCdr, type SubmittedCdr } from './ledger';

/** A decision as the authorization context stored it (one event per authorization stream). */
export interface StoredDecision {
  authorizationId: string;
  /** 'ACCEPTED' or 'DENIED:<reason>'. */
  outcome: string;
  /** Decision events on that stream: exactly one is right. */
  events: number;
}

/** The verdicts the cdr-forwarding context stored for one CDR. */
export interface StoredCdrVerdicts {
  key: string;
  forwarded: number;
  rejected: number;
  /** The code of the (last) rejection, if any. */
  rejectionCode?: string;
}

export interface InventoryEvidence {
  decisions: readonly AnsweredDecision[];
  unansweredAuthorizations: number;
  /** Undefined when the target gives no access to the authorization store. */
  storedDecisions?: readonly StoredDecision[];
  cdrs: readonly SubmittedCdr[];
  /** Undefined when no outbound topic can be observed. */
  deliveries?: readonly OutboundObservation[];
  pulled: readonly PulledCdr[];
  storedCdrVerdicts?: readonly StoredCdrVerdicts[];
}

export interface InventoryCheckResult {
  name: string;
  /** What it proves, in one sentence. */
  description: string;
  passed: boolean;
  /** Why it did not run (no access to that evidence). */
  skipped?: string;
  /** Items that had to be there, and how many were found right. */
  expected: number;
  found: number;
  /** The first problems, named by CDR key or authorization id. */
  problems: string[];
  problemCount: number;
}

export interface InventoryReport {
  passed: boolean;
  checks: InventoryCheckResult[];
}

const MAX_LISTED = 20;

class Check {
  private readonly problems: string[] = [];
  private count = 0;
  found = 0;

  constructor(
    readonly name: string,
    readonly description: string,
    readonly expected: number,
  ) {}

  problem(text: string): void {
    this.count++;
    if (this.problems.length < MAX_LISTED) this.problems.push(text);
  }

  result(): InventoryCheckResult {
    return {
      name: this.name,
      description: this.description,
      passed: this.count === 0,
      expected: this.expected,
      found: this.found,
      problems: this.problems,
      problemCount: this.count,
    };
  }
}

const skippedCheck = (name: string, description: string, reason: string): InventoryCheckResult => ({
  name,
  description,
  passed: true,
  skipped: reason,
  expected: 0,
  found: 0,
  problems: [],
  problemCount: 0,
});

/** A CDR the hub took: forwarded on REST, or acknowledged on the topic door and planned to be forwarded. */
function isAccepted(cdr: SubmittedCdr): boolean {
  return cdr.answer === 'FORWARDED' || (cdr.answer === 'SENT' && cdr.planned === 'FORWARDED');
}

/** A CDR the hub refused, or must refuse: never to be delivered. */
function isRefused(cdr: SubmittedCdr): boolean {
  return cdr.answer === 'REJECTED' || (cdr.answer === 'SENT' && cdr.planned !== 'FORWARDED');
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/**
 * The inventory at the end of a run: proves from independent evidence (what the harness was told, what arrived on
 * the partners' topics, what the EVSPs pulled, what the stores hold) that nothing accepted was lost or applied twice.
 * Pure: the evidence is gathered elsewhere, so every rule here is unit-tested.
 */
export function checkInventory(evidence: InventoryEvidence): InventoryReport {
  const checks = [
    decisionsStored(evidence),
    decisionsAsPlanned(evidence),
    cdrsDeliveredOnce(evidence),
    refusedCdrsReported(evidence),
    cdrsPulledOnce(evidence),
    cdrVerdictsStored(evidence),
  ];
  return { passed: checks.every((c) => c.passed), checks };
}

function decisionsStored(evidence: InventoryEvidence): InventoryCheckResult {
  const name = 'authorization-decisions-stored';
  const description =
    'every authorization decision the hub answered is stored exactly once with the answered outcome, and it stored ' +
    'no decision beyond those and the requests that got no answer';
  if (!evidence.storedDecisions) return skippedCheck(name, description, 'no access to the authorization store');
  const check = new Check(name, description, evidence.decisions.length);
  const stored = new Map(evidence.storedDecisions.map((d) => [d.authorizationId, d]));
  for (const decision of evidence.decisions) {
    const found = stored.get(decision.authorizationId);
    const id = `${decision.authorizationId} (${decision.step})`;
    if (!found) check.problem(`${id}: answered ${decision.outcome}, not stored`);
    else if (found.events !== 1) check.problem(`${id}: stored ${found.events} decision events`);
    else if (found.outcome !== decision.outcome) {
      check.problem(`${id}: answered ${decision.outcome}, stored ${found.outcome}`);
    } else check.found++;
  }
  const answered = new Set(evidence.decisions.map((d) => d.authorizationId));
  const unanswered = evidence.storedDecisions.filter((d) => !answered.has(d.authorizationId));
  if (unanswered.length > evidence.unansweredAuthorizations) {
    for (const extra of unanswered)
      check.problem(`${extra.authorizationId}: stored (${extra.outcome}) but never answered`);
  }
  return check.result();
}

function decisionsAsPlanned(evidence: InventoryEvidence): InventoryCheckResult {
  const check = new Check(
    'authorization-decisions-as-planned',
    'every answered decision is the one the scenario planned (granted, or refused for the planned reason)',
    evidence.decisions.length,
  );
  for (const d of evidence.decisions) {
    if (d.outcome === d.expected) check.found++;
    else check.problem(`${d.authorizationId} (${d.step}): planned ${d.expected}, answered ${d.outcome}`);
  }
  return check.result();
}

function cdrsDeliveredOnce(evidence: InventoryEvidence): InventoryCheckResult {
  const name = 'cdrs-delivered-once';
  const description =
    "every accepted CDR arrived exactly once (one message id) on its EVSP's outbound topic, and no other CDR did";
  if (!evidence.deliveries) return skippedCheck(name, description, 'no outbound topic can be observed');
  const accepted = evidence.cdrs.filter(isAccepted);
  const check = new Check(name, description, accepted.length);
  const forwarded = countBy(
    evidence.deliveries.filter((d) => d.type === 'CdrForwarded'),
    (d) => cdrKey(d.cpoPartyId, d.cdrId),
  );
  for (const cdr of accepted) {
    const messages = forwarded.get(cdr.key) ?? [];
    const ids = new Set(messages.map((m) => m.messageId));
    const elsewhere = messages.filter((m) => m.party !== cdr.emspPartyId);
    const name = `${cdr.key} (${cdr.step})`;
    if (messages.length === 0) {
      const refusal = (evidence.deliveries ?? []).find(
        (d) => d.type === 'CdrRejected' && cdrKey(d.cpoPartyId, d.cdrId) === cdr.key,
      );
      check.problem(
        `${name}: accepted (${cdr.door}), never delivered` +
          (refusal ? `; refused ${refusal.code ?? ''} on ${refusal.party}'s topic` : ''),
      );
    } else if (elsewhere.length > 0)
      check.problem(`${name}: delivered to ${elsewhere[0].party}, not ${cdr.emspPartyId}`);
    else if (ids.size > 1) check.problem(`${name}: delivered as ${ids.size} different messages`);
    else check.found++;
  }
  const known = new Map(evidence.cdrs.map((c) => [c.key, c]));
  for (const [key, messages] of forwarded) {
    const cdr = known.get(key);
    if (!cdr) check.problem(`${key}: delivered to ${messages[0].party}, never sent by this run`);
    else if (isRefused(cdr)) check.problem(`${key}: refused (${cdr.answerCode ?? cdr.planned}), yet delivered`);
    else if (cdr.answer === 'IN_DOUBT' && new Set(messages.map((m) => m.messageId)).size > 1) {
      check.problem(`${key}: sent without a clear answer, then delivered as several messages`);
    }
  }
  return check.result();
}

function refusedCdrsReported(evidence: InventoryEvidence): InventoryCheckResult {
  const name = 'refused-cdrs-reported-once';
  const description =
    "every CDR refused on the topic door is reported exactly once (CdrRejected) on the sending CPO's topic";
  const refusedOnTopic = evidence.cdrs.filter((c) => c.answer === 'SENT' && c.planned !== 'FORWARDED');
  if (!evidence.deliveries) return skippedCheck(name, description, 'no outbound topic can be observed');
  const check = new Check(name, description, refusedOnTopic.length);
  const rejected = countBy(
    evidence.deliveries.filter((d) => d.type === 'CdrRejected'),
    (d) => cdrKey(d.cpoPartyId, d.cdrId),
  );
  for (const cdr of refusedOnTopic) {
    const messages = (rejected.get(cdr.key) ?? []).filter((m) => m.party === cdr.cpoPartyId);
    const ids = new Set(messages.map((m) => m.messageId));
    if (ids.size === 0) check.problem(`${cdr.key}: refused on the topic door, never reported to ${cdr.cpoPartyId}`);
    else if (ids.size > 1) check.problem(`${cdr.key}: reported ${ids.size} times`);
    else check.found++;
  }
  return check.result();
}

function cdrsPulledOnce(evidence: InventoryEvidence): InventoryCheckResult {
  const accepted = evidence.cdrs.filter(isAccepted);
  const check = new Check(
    'cdrs-pulled-once',
    'the EVSPs, pulling GET /v1/cdrs with their cursors, listed every accepted CDR exactly once, each its own, and ' +
      'nothing else',
    accepted.length,
  );
  const pulls = countBy(evidence.pulled, (p) => p.key);
  for (const cdr of accepted) {
    const listed = pulls.get(cdr.key) ?? [];
    const foreign = listed.filter((p) => p.puller !== cdr.emspPartyId);
    if (listed.length === 0) check.problem(`${cdr.key}: accepted, never listed to ${cdr.emspPartyId}`);
    else if (foreign.length > 0) check.problem(`${cdr.key}: listed to ${foreign[0].puller}`);
    else if (listed.length > 1) check.problem(`${cdr.key}: listed ${listed.length} times`);
    else check.found++;
  }
  const known = new Map(evidence.cdrs.map((c) => [c.key, c]));
  for (const [key, listed] of pulls) {
    const cdr = known.get(key);
    if (!cdr) check.problem(`${key}: listed to ${listed[0].puller}, never sent by this run`);
    else if (isRefused(cdr)) check.problem(`${key}: refused, yet listed`);
    else if (cdr.answer === 'IN_DOUBT' && listed.length > 1) check.problem(`${key}: listed ${listed.length} times`);
  }
  return check.result();
}

function cdrVerdictsStored(evidence: InventoryEvidence): InventoryCheckResult {
  const name = 'cdr-verdicts-stored';
  const description =
    'the cdr-forwarding store holds exactly one CdrForwarded for every accepted CDR, one CdrRejected for every ' +
    'refused one, and no verdict for a CDR this run did not send';
  if (!evidence.storedCdrVerdicts) return skippedCheck(name, description, 'no access to the cdr-forwarding store');
  const decided = evidence.cdrs.filter((c) => isAccepted(c) || isRefused(c));
  const check = new Check(name, description, decided.length);
  const stored = new Map(evidence.storedCdrVerdicts.map((v) => [v.key, v]));
  for (const cdr of decided) {
    const verdicts = stored.get(cdr.key) ?? { key: cdr.key, forwarded: 0, rejected: 0 };
    if (isAccepted(cdr)) {
      if (verdicts.forwarded === 1 && verdicts.rejected === 0) check.found++;
      else {
        check.problem(
          `${cdr.key} (${cdr.step}): accepted; stored ${verdicts.forwarded} forwarded, ${verdicts.rejected} rejected` +
            (verdicts.rejectionCode ? ` (${verdicts.rejectionCode})` : ''),
        );
      }
    } else if (verdicts.rejected === 1 && verdicts.forwarded === 0) check.found++;
    else check.problem(`${cdr.key}: refused; stored ${verdicts.forwarded} forwarded, ${verdicts.rejected} rejected`);
  }
  const known = new Set(evidence.cdrs.map((c) => c.key));
  for (const verdicts of evidence.storedCdrVerdicts) {
    if (!known.has(verdicts.key)) check.problem(`${verdicts.key}: stored, never sent by this run`);
  }
  return check.result();
}
