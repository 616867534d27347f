import { type Command, type Decider, DomainError } from '@roaming/shared-kernel';
import type { CdrReconciliationEvent, DisputeReason } from './reconciliation.events';

/**
 * OCHP's states of a record between the parties (IEC 63119-2 6.4.2): OPEN (nothing said yet) → APPROVED by the
 * EVSP, or DECLINED (disputed) → REJECTED (the CPO stands by it; the EVSP may still approve) or REVISED (a new
 * record replaces it). APPROVED and REVISED are final.
 */
export type ReconciliationStatus = 'OPEN' | 'APPROVED' | 'DECLINED' | 'REJECTED' | 'REVISED';

export type CdrReconciliationState =
  | { readonly status: 'none' }
  | {
      readonly status: ReconciliationStatus;
      readonly cdrId: string;
      readonly cpoPartyId: string;
      readonly emspPartyId: string;
      readonly reasonCode: DisputeReason | null;
      readonly reason: string | null;
      readonly revisionCdrId: string | null;
      /** Revisions that came after the approval (CdrRevisionRefused), oldest first. */
      readonly refusedRevisionCdrIds: readonly string[];
      readonly updatedAt: string;
    };

export type OpenReconciliation = Command<
  'OpenReconciliation',
  { cdrId: string; cpoPartyId: string; emspPartyId: string; now: string }
>;
export type ApproveCdr = Command<'ApproveCdr', { now: string }>;
export type DisputeCdr = Command<'DisputeCdr', { reasonCode: DisputeReason; reason: string; now: string }>;
export type RejectDispute = Command<'RejectDispute', { reason: string; now: string }>;
export type ReviseCdr = Command<'ReviseCdr', { revisionCdrId: string; now: string }>;

export type CdrReconciliationCommand = OpenReconciliation | ApproveCdr | DisputeCdr | RejectDispute | ReviseCdr;

const refused = (code: string, message: string) => DomainError.illegalState(code, message);

export function decideCdrReconciliation(
  command: CdrReconciliationCommand,
  state: CdrReconciliationState,
): CdrReconciliationEvent[] {
  if (command.type === 'OpenReconciliation') {
    if (state.status !== 'none') return [];
    const { now, ...ref } = command.data;
    return [{ type: 'CdrReconciliationOpened', data: { ...ref, openedAt: now } }];
  }
  if (state.status === 'none') {
    throw DomainError.notFound('CDR_NOT_FOUND', 'No forwarded CDR with this id is known');
  }
  const ref = { cdrId: state.cdrId, cpoPartyId: state.cpoPartyId, emspPartyId: state.emspPartyId };
  const revised = () => refused('CDR_REVISED', `The CDR was replaced by the revision ${state.revisionCdrId}`);
  switch (command.type) {
    case 'ApproveCdr':
      switch (state.status) {
        case 'APPROVED':
          return [];
        case 'OPEN':
        case 'REJECTED':
          return [{ type: 'CdrApproved', data: { ...ref, approvedAt: command.data.now } }];
        case 'DECLINED':
          throw refused('CDR_DISPUTE_PENDING', 'The CDR is disputed; the CPO answers the dispute first');
        case 'REVISED':
          throw revised();
      }
      break;
    case 'DisputeCdr':
      switch (state.status) {
        case 'OPEN':
          return [{ type: 'CdrDisputed', data: { ...ref, ...pick(command.data), disputedAt: command.data.now } }];
        case 'DECLINED':
          if (state.reasonCode === command.data.reasonCode && state.reason === command.data.reason) return [];
          throw refused('CDR_ALREADY_DISPUTED', 'The CDR is already disputed with another reason');
        case 'APPROVED':
          throw refused('CDR_ALREADY_APPROVED', 'The CDR was approved and can no longer be disputed');
        case 'REJECTED':
          throw refused('CDR_DISPUTE_ALREADY_REJECTED', 'The CPO rejected the dispute; approve, or settle it outside');
        case 'REVISED':
          throw revised();
      }
      break;
    case 'RejectDispute':
      switch (state.status) {
        case 'DECLINED':
          return [
            { type: 'CdrDisputeRejected', data: { ...ref, reason: command.data.reason, rejectedAt: command.data.now } },
          ];
        case 'REJECTED':
          return [];
        case 'OPEN':
        case 'APPROVED':
          throw refused('CDR_NOT_DISPUTED', 'The CDR is not disputed');
        case 'REVISED':
          throw revised();
      }
      break;
    case 'ReviseCdr':
      switch (state.status) {
        case 'OPEN':
        case 'DECLINED':
        case 'REJECTED':
          return [
            {
              type: 'CdrRevised',
              data: { ...ref, revisionCdrId: command.data.revisionCdrId, revisedAt: command.data.now },
            },
          ];
        case 'REVISED':
          if (state.revisionCdrId === command.data.revisionCdrId) return [];
          throw refused('CDR_ALREADY_REVISED', `The CDR was already replaced by ${state.revisionCdrId}`);
        case 'APPROVED':
          // A business refusal, not an error: recorded so that both parties and the operator see it (finding 10).
          if (state.refusedRevisionCdrIds.includes(command.data.revisionCdrId)) return [];
          return [
            {
              type: 'CdrRevisionRefused',
              data: {
                ...ref,
                revisionCdrId: command.data.revisionCdrId,
                code: 'CDR_ALREADY_APPROVED',
                refusedAt: command.data.now,
              },
            },
          ];
      }
  }
  return [];
}

function pick(data: DisputeCdr['data']): { reasonCode: DisputeReason; reason: string } {
  return { reasonCode: data.reasonCode, reason: data.reason };
}

export function evolveCdrReconciliation(
  state: CdrReconciliationState,
  event: CdrReconciliationEvent,
): CdrReconciliationState {
  if (event.type === 'CdrReconciliationOpened') {
    const { cdrId, cpoPartyId, emspPartyId, openedAt } = event.data;
    return {
      status: 'OPEN',
      cdrId,
      cpoPartyId,
      emspPartyId,
      reasonCode: null,
      reason: null,
      revisionCdrId: null,
      refusedRevisionCdrIds: [],
      updatedAt: openedAt,
    };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'CdrApproved':
      return { ...state, status: 'APPROVED', updatedAt: event.data.approvedAt };
    case 'CdrDisputed':
      return {
        ...state,
        status: 'DECLINED',
        reasonCode: event.data.reasonCode,
        reason: event.data.reason,
        updatedAt: event.data.disputedAt,
      };
    case 'CdrDisputeRejected':
      return { ...state, status: 'REJECTED', reason: event.data.reason, updatedAt: event.data.rejectedAt };
    case 'CdrRevised':
      return { ...state, status: 'REVISED', revisionCdrId: event.data.revisionCdrId, updatedAt: event.data.revisedAt };
    case 'CdrRevisionRefused':
      return { ...state, refusedRevisionCdrIds: [...state.refusedRevisionCdrIds, event.data.revisionCdrId] };
    default:
      return state;
  }
}

export const cdrReconciliationDecider: Decider<
  CdrReconciliationState,
  CdrReconciliationCommand,
  CdrReconciliationEvent
> = {
  initialState: () => ({ status: 'none' }),
  decide: decideCdrReconciliation,
  evolve: evolveCdrReconciliation,
};
