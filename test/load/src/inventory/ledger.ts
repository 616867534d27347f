/**
 * What the harness sent and what it was told, kept for the inventory at the end: every answered authorization, every
 * CDR handed to a door, every CDR an EVSP pulled.
 */

export interface AnsweredDecision {
  authorizationId: string;
  /** The CPO that asked (it may read the decision back). */
  cpoPartyId: string;
  /** The planned step that asked, e.g. 's42.auth' (for the report). */
  step: string;
  /** 'ACCEPTED' or 'DENIED:<reason>' as answered. */
  outcome: string;
  /** What the scenario planned. */
  expected: string;
}

export type CdrAnswer =
  /** REST 201/200: the hub forwarded it. */
  | 'FORWARDED'
  /** On a topic: the broker (or the in-process consumer) took it; the verdict comes later. */
  | 'SENT'
  /** REST 422: refused, with the code in `answerCode`. */
  | 'REJECTED'
  /** No usable answer (timeout, 5xx, …): the CDR may or may not have been taken. */
  | 'IN_DOUBT';

export interface SubmittedCdr {
  /** `${cpoPartyId}|${cdrId}`. */
  key: string;
  cpoPartyId: string;
  cdrId: string;
  emspPartyId: string;
  /** The planned step that sent it first, e.g. 's42.cdr'. */
  step: string;
  door: 'http' | 'kafka' | 'bus';
  /** 'FORWARDED' or the refusal code the scenario planned. */
  planned: string;
  answer: CdrAnswer;
  answerCode?: string;
  /** When it was first handed to the door (epoch ms): the start of its end-to-end lag. */
  sentAt: number;
}

export interface PulledCdr {
  /** The EVSP that pulled it. */
  puller: string;
  key: string;
  /** When the pull that returned it completed (epoch ms). */
  seenAt: number;
}

export const cdrKey = (cpoPartyId: string, cdrId: string) => `${cpoPartyId}|${cdrId}`;

export class Ledger {
  readonly decisions = new Map<string, AnsweredDecision>();
  /** Authorization requests that got no answer: each may or may not have been decided and stored. */
  unansweredAuthorizations = 0;
  readonly cdrs = new Map<string, SubmittedCdr>();
  readonly pulled: PulledCdr[] = [];
  /** Each EVSP's cursor for GET /v1/cdrs, by party. */
  readonly cursors = new Map<string, string>();

  recordDecision(decision: AnsweredDecision): void {
    this.decisions.set(decision.authorizationId, decision);
  }

  /** The first submission of a CDR fixes its record; a re-send only upgrades an answer that was in doubt. */
  recordCdr(cdr: SubmittedCdr): void {
    const known = this.cdrs.get(cdr.key);
    if (!known) {
      this.cdrs.set(cdr.key, cdr);
      return;
    }
    if (known.answer === 'IN_DOUBT' && cdr.answer !== 'IN_DOUBT') {
      this.cdrs.set(cdr.key, { ...cdr, sentAt: known.sentAt });
    }
  }
}
