import type { OutboundObservation } from '../observe/outbound-observer';
import { checkInventory, type InventoryEvidence, type InventoryReport } from './inventory-check';
import type { AnsweredDecision, SubmittedCdr } from './ledger';

const decision = (id: string, outcome = 'ACCEPTED', expected = outcome): AnsweredDecision => ({
  authorizationId: id,
  cpoPartyId: 'DEAAA',
  step: `s-${id}.auth`,
  outcome,
  expected,
});

const cdr = (id: string, changes: Partial<SubmittedCdr> = {}): SubmittedCdr => ({
  key: `DEAAA|${id}`,
  cpoPartyId: 'DEAAA',
  cdrId: id,
  emspPartyId: 'NLBBB',
  step: `s-${id}.cdr`,
  door: 'http',
  planned: 'FORWARDED',
  answer: 'FORWARDED',
  sentAt: 1000,
  ...changes,
});

const delivery = (id: string, changes: Partial<OutboundObservation> = {}): OutboundObservation => ({
  party: 'NLBBB',
  type: 'CdrForwarded',
  cpoPartyId: 'DEAAA',
  cdrId: id,
  messageId: `m-${id}`,
  arrivedAt: 1100,
  ...changes,
});

/** A clean run: two decisions stored once each, two CDRs forwarded, delivered and pulled once each. */
function cleanEvidence(): InventoryEvidence {
  return {
    decisions: [decision('a1'), decision('a2', 'DENIED:UNKNOWN_TOKEN')],
    unansweredAuthorizations: 0,
    storedDecisions: [
      { authorizationId: 'a1', outcome: 'ACCEPTED', events: 1 },
      { authorizationId: 'a2', outcome: 'DENIED:UNKNOWN_TOKEN', events: 1 },
    ],
    cdrs: [cdr('c1'), cdr('c2', { door: 'kafka', answer: 'SENT' })],
    deliveries: [delivery('c1'), delivery('c2')],
    pulled: [
      { puller: 'NLBBB', key: 'DEAAA|c1', seenAt: 1200 },
      { puller: 'NLBBB', key: 'DEAAA|c2', seenAt: 1200 },
    ],
    storedCdrVerdicts: [
      { key: 'DEAAA|c1', forwarded: 1, rejected: 0 },
      { key: 'DEAAA|c2', forwarded: 1, rejected: 0 },
    ],
  };
}

const check = (report: InventoryReport, name: string) => report.checks.find((c) => c.name === name)!;
const failed = (report: InventoryReport) => report.checks.filter((c) => !c.passed).map((c) => c.name);

describe('the inventory check (nothing accepted lost, nothing applied twice)', () => {
  it('passes a clean run and counts what it found', () => {
    const report = checkInventory(cleanEvidence());
    expect(failed(report)).toEqual([]);
    expect(report.passed).toBe(true);
    expect(check(report, 'cdrs-delivered-once')).toMatchObject({ expected: 2, found: 2, problemCount: 0 });
    expect(check(report, 'authorization-decisions-stored')).toMatchObject({ expected: 2, found: 2 });
  });

  it('fails when an accepted CDR never reaches its EVSP topic (lost), naming it and its step', () => {
    const evidence = { ...cleanEvidence(), deliveries: [delivery('c1')] };
    const report = checkInventory(evidence);
    expect(failed(report)).toEqual(['cdrs-delivered-once']);
    expect(check(report, 'cdrs-delivered-once').problems).toEqual([
      'DEAAA|c2 (s-c2.cdr): accepted (kafka), never delivered',
    ]);
  });

  it('fails when a CDR is delivered as two different messages, but tolerates a redelivery of the same message', () => {
    const redelivered = { ...cleanEvidence(), deliveries: [delivery('c1'), delivery('c1'), delivery('c2')] };
    expect(checkInventory(redelivered).passed).toBe(true);
    const duplicated = {
      ...cleanEvidence(),
      deliveries: [delivery('c1'), delivery('c1', { messageId: 'other' }), delivery('c2')],
    };
    expect(check(checkInventory(duplicated), 'cdrs-delivered-once').problems).toEqual([
      'DEAAA|c1 (s-c1.cdr): delivered as 2 different messages',
    ]);
  });

  it("fails when a CDR lands on another EVSP's topic, or a refused or unknown CDR is delivered", () => {
    const evidence: InventoryEvidence = {
      ...cleanEvidence(),
      cdrs: [...cleanEvidence().cdrs, cdr('c3', { answer: 'REJECTED', planned: 'CDR_IMPLAUSIBLE_ENERGY' })],
      deliveries: [delivery('c1', { party: 'FRCCC' }), delivery('c2'), delivery('c3'), delivery('c9')],
    };
    expect(check(checkInventory(evidence), 'cdrs-delivered-once').problems).toEqual([
      'DEAAA|c1 (s-c1.cdr): delivered to FRCCC, not NLBBB',
      'DEAAA|c3: refused (CDR_IMPLAUSIBLE_ENERGY), yet delivered',
      'DEAAA|c9: delivered to NLBBB, never sent by this run',
    ]);
  });

  it('accepts one delivery of a CDR whose answer was in doubt, and refuses two', () => {
    const doubtful = cdr('c3', { answer: 'IN_DOUBT' });
    const once = { ...cleanEvidence(), cdrs: [...cleanEvidence().cdrs, doubtful] };
    expect(checkInventory({ ...once, deliveries: [...once.deliveries!, delivery('c3')] }).passed).toBe(true);
    const twice = { ...once, deliveries: [...once.deliveries!, delivery('c3'), delivery('c3', { messageId: 'x' })] };
    expect(failed(checkInventory(twice))).toContain('cdrs-delivered-once');
  });

  it('fails when the pull lists a CDR twice, to the wrong EVSP, or not at all', () => {
    const evidence: InventoryEvidence = {
      ...cleanEvidence(),
      pulled: [
        { puller: 'NLBBB', key: 'DEAAA|c1', seenAt: 1 },
        { puller: 'NLBBB', key: 'DEAAA|c1', seenAt: 2 },
      ],
    };
    expect(check(checkInventory(evidence), 'cdrs-pulled-once').problems).toEqual([
      'DEAAA|c1: listed 2 times',
      'DEAAA|c2: accepted, never listed to NLBBB',
    ]);
    const foreign = {
      ...cleanEvidence(),
      pulled: [...cleanEvidence().pulled.slice(1), { puller: 'FRCCC', key: 'DEAAA|c1', seenAt: 1 }],
    };
    expect(check(checkInventory(foreign), 'cdrs-pulled-once').problems).toEqual(['DEAAA|c1: listed to FRCCC']);
  });

  it('fails when an answered decision is missing from the store, stored twice, or stored with another outcome', () => {
    const evidence: InventoryEvidence = {
      ...cleanEvidence(),
      decisions: [...cleanEvidence().decisions, decision('a3')],
      storedDecisions: [
        { authorizationId: 'a1', outcome: 'ACCEPTED', events: 2 },
        { authorizationId: 'a2', outcome: 'ACCEPTED', events: 1 },
      ],
    };
    expect(check(checkInventory(evidence), 'authorization-decisions-stored').problems).toEqual([
      'a1 (s-a1.auth): stored 2 decision events',
      'a2 (s-a2.auth): answered DENIED:UNKNOWN_TOKEN, stored ACCEPTED',
      'a3 (s-a3.auth): answered ACCEPTED, not stored',
    ]);
  });

  it('allows as many stored-but-unanswered decisions as requests went unanswered, and no more', () => {
    const extra = { authorizationId: 'a9', outcome: 'ACCEPTED', events: 1 };
    const evidence = { ...cleanEvidence(), storedDecisions: [...cleanEvidence().storedDecisions!, extra] };
    expect(
      check(checkInventory({ ...evidence, unansweredAuthorizations: 1 }), 'authorization-decisions-stored').passed,
    ).toBe(true);
    expect(check(checkInventory(evidence), 'authorization-decisions-stored').problems).toEqual([
      'a9: stored (ACCEPTED) but never answered',
    ]);
  });

  it('fails a decision other than the planned one', () => {
    const evidence = { ...cleanEvidence(), decisions: [decision('a1', 'DENIED:UNKNOWN_TOKEN', 'ACCEPTED')] };
    evidence.storedDecisions = [{ authorizationId: 'a1', outcome: 'DENIED:UNKNOWN_TOKEN', events: 1 }];
    expect(check(checkInventory(evidence), 'authorization-decisions-as-planned').problems).toEqual([
      'a1 (s-a1.auth): planned ACCEPTED, answered DENIED:UNKNOWN_TOKEN',
    ]);
  });

  it('expects a CDR refused on the topic door to be reported once to its CPO and never delivered', () => {
    const refused = cdr('c3', { door: 'kafka', answer: 'SENT', planned: 'CDR_IMPLAUSIBLE_ENERGY' });
    const base = { ...cleanEvidence(), cdrs: [...cleanEvidence().cdrs, refused] };
    base.storedCdrVerdicts = [...base.storedCdrVerdicts!, { key: 'DEAAA|c3', forwarded: 0, rejected: 1 }];
    const reported = delivery('c3', { type: 'CdrRejected', party: 'DEAAA', code: 'CDR_IMPLAUSIBLE_ENERGY' });
    expect(checkInventory({ ...base, deliveries: [...base.deliveries!, reported] }).passed).toBe(true);
    expect(check(checkInventory(base), 'refused-cdrs-reported-once').problems).toEqual([
      'DEAAA|c3: refused on the topic door, never reported to DEAAA',
    ]);
  });

  it('checks the stored verdicts: one CdrForwarded per accepted CDR, nothing for CDRs never sent', () => {
    const evidence: InventoryEvidence = {
      ...cleanEvidence(),
      storedCdrVerdicts: [
        { key: 'DEAAA|c1', forwarded: 2, rejected: 0 },
        { key: 'DEAAA|c2', forwarded: 0, rejected: 1, rejectionCode: 'CDR_NO_AGREEMENT' },
        { key: 'DEAAA|c7', forwarded: 1, rejected: 0 },
      ],
    };
    expect(check(checkInventory(evidence), 'cdr-verdicts-stored').problems).toEqual([
      'DEAAA|c1 (s-c1.cdr): accepted; stored 2 forwarded, 0 rejected',
      'DEAAA|c2 (s-c2.cdr): accepted; stored 0 forwarded, 1 rejected (CDR_NO_AGREEMENT)',
      'DEAAA|c7: stored, never sent by this run',
    ]);
  });

  it('skips (and says why) the checks whose evidence the target does not give, and still passes', () => {
    const { storedDecisions: _s, deliveries: _d, storedCdrVerdicts: _v, ...rest } = cleanEvidence();
    const report = checkInventory(rest);
    expect(report.passed).toBe(true);
    expect(report.checks.filter((c) => c.skipped).map((c) => c.name)).toEqual([
      'authorization-decisions-stored',
      'cdrs-delivered-once',
      'refused-cdrs-reported-once',
      'cdr-verdicts-stored',
    ]);
  });

  it('lists at most 20 problems but counts them all', () => {
    const many = [...Array(30).keys()].map((i) => cdr(`x${i}`));
    const report = checkInventory({
      ...cleanEvidence(),
      cdrs: many,
      deliveries: [],
      pulled: [],
      storedCdrVerdicts: [],
    });
    expect(check(report, 'cdrs-delivered-once')).toMatchObject({ problemCount: 30, found: 0, expected: 30 });
    expect(check(report, 'cdrs-delivered-once').problems).toHaveLength(20);
  });
});
