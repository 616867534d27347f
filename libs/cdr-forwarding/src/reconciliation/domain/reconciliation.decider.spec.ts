import { deciderSpec } from '@roaming/testing';
import {
  cdrReconciliationDecider,
  type CdrReconciliationCommand,
  type ReconciliationStatus,
} from './reconciliation.decider';
import type { CdrReconciliationEvent } from './reconciliation.events';

const REF = { cdrId: 'CDR-1', cpoPartyId: 'DEABC', emspPartyId: 'DE8AA' };
const T0 = '2026-03-01T12:00:00.000Z';
const T1 = '2026-03-02T12:00:00.000Z';

const opened: CdrReconciliationEvent = { type: 'CdrReconciliationOpened', data: { ...REF, openedAt: T0 } };
const approved: CdrReconciliationEvent = { type: 'CdrApproved', data: { ...REF, approvedAt: T0 } };
const disputed: CdrReconciliationEvent = {
  type: 'CdrDisputed',
  data: { ...REF, reasonCode: 'WRONG_PRICE', reason: 'tariff says 7.20', disputedAt: T0 },
};
const rejected: CdrReconciliationEvent = {
  type: 'CdrDisputeRejected',
  data: { ...REF, reason: 'price is per agreement', rejectedAt: T0 },
};
const revised: CdrReconciliationEvent = {
  type: 'CdrRevised',
  data: { ...REF, revisionCdrId: 'CDR-1-R1', revisedAt: T0 },
};

/** The history that leads to each state. */
const HISTORY: Record<ReconciliationStatus, CdrReconciliationEvent[]> = {
  OPEN: [opened],
  APPROVED: [opened, approved],
  DECLINED: [opened, disputed],
  REJECTED: [opened, disputed, rejected],
  REVISED: [opened, disputed, revised],
};

const approve: CdrReconciliationCommand = { type: 'ApproveCdr', data: { now: T1 } };
const dispute: CdrReconciliationCommand = {
  type: 'DisputeCdr',
  data: { reasonCode: 'WRONG_PRICE', reason: 'tariff says 7.20', now: T1 },
};
const disputeOther: CdrReconciliationCommand = {
  type: 'DisputeCdr',
  data: { reasonCode: 'WRONG_ENERGY', reason: 'meter says less', now: T1 },
};
const rejectDispute: CdrReconciliationCommand = {
  type: 'RejectDispute',
  data: { reason: 'price is per agreement', now: T1 },
};
const revise: CdrReconciliationCommand = { type: 'ReviseCdr', data: { revisionCdrId: 'CDR-1-R1', now: T1 } };
const reviseOther: CdrReconciliationCommand = { type: 'ReviseCdr', data: { revisionCdrId: 'CDR-1-R2', now: T1 } };

describe('CDR reconciliation decider — IEC 63119-2 6.4.2 SDR reconciliation, OCHP approved/declined/rejected/revised', () => {
  it('opens once per forwarded record (repeats change nothing)', () => {
    const command: CdrReconciliationCommand = { type: 'OpenReconciliation', data: { ...REF, now: T0 } };
    const state = deciderSpec(cdrReconciliationDecider).when(command).then([opened]);
    expect(state).toMatchObject({ status: 'OPEN' });
    deciderSpec(cdrReconciliationDecider).given([opened]).when(command).thenNothing();
  });

  it('refuses any verdict on an unknown record with CDR_NOT_FOUND', () => {
    for (const command of [approve, dispute, rejectDispute, revise]) {
      deciderSpec(cdrReconciliationDecider).when(command).thenThrows('CDR_NOT_FOUND', 'notFound');
    }
  });

  describe('allowed transitions', () => {
    it('OPEN → APPROVED when the EVSP approves', () => {
      const state = deciderSpec(cdrReconciliationDecider)
        .given(HISTORY.OPEN)
        .when(approve)
        .then([{ type: 'CdrApproved', data: { ...REF, approvedAt: T1 } }]);
      expect(state).toMatchObject({ status: 'APPROVED' });
    });

    it('OPEN → DECLINED when the EVSP disputes with a reason code and text', () => {
      const state = deciderSpec(cdrReconciliationDecider)
        .given(HISTORY.OPEN)
        .when(dispute)
        .then([{ ...disputed, data: { ...disputed.data, disputedAt: T1 } } as CdrReconciliationEvent]);
      expect(state).toMatchObject({ status: 'DECLINED', reasonCode: 'WRONG_PRICE', reason: 'tariff says 7.20' });
    });

    it('DECLINED → REJECTED when the CPO rejects the dispute with a reason', () => {
      const state = deciderSpec(cdrReconciliationDecider)
        .given(HISTORY.DECLINED)
        .when(rejectDispute)
        .then([{ type: 'CdrDisputeRejected', data: { ...REF, reason: 'price is per agreement', rejectedAt: T1 } }]);
      expect(state).toMatchObject({ status: 'REJECTED' });
    });

    it('DECLINED → REVISED when the CPO sends a revised record', () => {
      const state = deciderSpec(cdrReconciliationDecider)
        .given(HISTORY.DECLINED)
        .when(revise)
        .then([{ type: 'CdrRevised', data: { ...REF, revisionCdrId: 'CDR-1-R1', revisedAt: T1 } }]);
      expect(state).toMatchObject({ status: 'REVISED', revisionCdrId: 'CDR-1-R1' });
    });

    it('OPEN → REVISED and REJECTED → REVISED: a CPO may correct its record without or after a dispute', () => {
      for (const from of ['OPEN', 'REJECTED'] as const) {
        deciderSpec(cdrReconciliationDecider)
          .given(HISTORY[from])
          .when(revise)
          .then([{ type: 'CdrRevised', data: { ...REF, revisionCdrId: 'CDR-1-R1', revisedAt: T1 } }]);
      }
    });

    it('REJECTED → APPROVED when the EVSP gives in', () => {
      deciderSpec(cdrReconciliationDecider)
        .given(HISTORY.REJECTED)
        .when(approve)
        .then([{ type: 'CdrApproved', data: { ...REF, approvedAt: T1 } }]);
    });

    it('repeats are idempotent: approve twice, the same dispute twice, reject twice, the same revision twice', () => {
      deciderSpec(cdrReconciliationDecider).given(HISTORY.APPROVED).when(approve).thenNothing();
      deciderSpec(cdrReconciliationDecider).given(HISTORY.DECLINED).when(dispute).thenNothing();
      deciderSpec(cdrReconciliationDecider).given(HISTORY.REJECTED).when(rejectDispute).thenNothing();
      deciderSpec(cdrReconciliationDecider).given(HISTORY.REVISED).when(revise).thenNothing();
    });
  });

  it('records a revision that arrives after the approval as CdrRevisionRefused (review finding 10): the record stays APPROVED, once per revision', () => {
    const refusedEvent: CdrReconciliationEvent = {
      type: 'CdrRevisionRefused',
      data: { ...REF, revisionCdrId: 'CDR-1-R1', code: 'CDR_ALREADY_APPROVED', refusedAt: T1 },
    };
    const state = deciderSpec(cdrReconciliationDecider).given(HISTORY.APPROVED).when(revise).then([refusedEvent]);
    expect(state).toMatchObject({ status: 'APPROVED', revisionCdrId: null, refusedRevisionCdrIds: ['CDR-1-R1'] });
    // A replayed process manager batch decides nothing new; another late revision is recorded too.
    deciderSpec(cdrReconciliationDecider)
      .given([...HISTORY.APPROVED, refusedEvent])
      .when(revise)
      .thenNothing();
    deciderSpec(cdrReconciliationDecider)
      .given([...HISTORY.APPROVED, refusedEvent])
      .when(reviseOther)
      .then([{ ...refusedEvent, data: { ...refusedEvent.data, revisionCdrId: 'CDR-1-R2' } }]);
    // Still approved: the EVSP's verdict stands, a dispute stays refused.
    deciderSpec(cdrReconciliationDecider)
      .given([...HISTORY.APPROVED, refusedEvent])
      .when(dispute)
      .thenThrows('CDR_ALREADY_APPROVED', 'illegalState');
  });

  describe('forbidden transitions (stable codes)', () => {
    const cases: [ReconciliationStatus, CdrReconciliationCommand, string][] = [
      ['DECLINED', approve, 'CDR_DISPUTE_PENDING'],
      ['REVISED', approve, 'CDR_REVISED'],
      ['DECLINED', disputeOther, 'CDR_ALREADY_DISPUTED'],
      ['APPROVED', dispute, 'CDR_ALREADY_APPROVED'],
      ['REJECTED', dispute, 'CDR_DISPUTE_ALREADY_REJECTED'],
      ['REVISED', dispute, 'CDR_REVISED'],
      ['OPEN', rejectDispute, 'CDR_NOT_DISPUTED'],
      ['APPROVED', rejectDispute, 'CDR_NOT_DISPUTED'],
      ['REVISED', rejectDispute, 'CDR_REVISED'],
      ['REVISED', reviseOther, 'CDR_ALREADY_REVISED'],
    ];
    it.each(cases)('%s refuses %j with %s', (from, command, code) => {
      deciderSpec(cdrReconciliationDecider).given(HISTORY[from]).when(command).thenThrows(code, 'illegalState');
    });
  });
});
