import type { Command, DomainEvent } from '@roaming/shared-kernel';
import { DomainError } from '@roaming/shared-kernel';

/**
 * A grid operator's request for a load area (GeM 972/UC 1602 congestion management, 961/UC 1596 peak thresholds,
 * 1313/UC 1572 interrupt or reduce; IEC 63110 E5): distributed to every CPO with EVSEs in the area, acknowledged
 * per CPO, fulfilment reported, missing reactions flagged when the deadline passes.
 */
export const GRID_REQUEST_CATEGORY = 'gridRequest';

export function gridRequestStream(requestId: string): string {
  if (!requestId) throw new Error('a grid request stream needs an id');
  return `${GRID_REQUEST_CATEGORY}-${requestId}`;
}

export const GRID_REQUEST_KINDS = ['CURTAILMENT', 'FLEXIBILITY'] as const;
export type GridRequestKind = (typeof GRID_REQUEST_KINDS)[number];
/** EMERGENCY: UC 1572 "only applicable in case of emergency (high priority)"; delivered ahead of everything else. */
export const GRID_REQUEST_PRIORITIES = ['EMERGENCY', 'HIGH', 'NORMAL'] as const;
export type GridRequestPriority = (typeof GRID_REQUEST_PRIORITIES)[number];

/** A CPO the request goes to, with its EVSEs in the area at the time of the request. */
export interface GridTarget {
  cpoPartyId: string;
  evseIds: string[];
}

export interface GridRequestTerms {
  requestId: string;
  dsoPartyId: string;
  loadAreaId: string;
  kind: GridRequestKind;
  priority: GridRequestPriority;
  startsAt: string;
  endsAt: string;
  /** CURTAILMENT: the most power the area's EVSEs may draw together, W. */
  limitW: number | null;
  /** FLEXIBILITY: the reduction asked for, W. */
  reductionW: number | null;
}

export type GridRequestIssued = DomainEvent<
  'GridRequestIssued',
  GridRequestTerms & { targets: GridTarget[]; issuedAt: string; respondBy: string }
>;
/** A CPO took the request on (or declined it); carries the terms, so that records can reference the activation. */
export type GridRequestAcknowledged = DomainEvent<
  'GridRequestAcknowledged',
  GridRequestTerms & {
    cpoPartyId: string;
    accepted: boolean;
    reason: string | null;
    evseIds: string[];
    acknowledgedAt: string;
  }
>;
export type GridFulfilmentReported = DomainEvent<
  'GridFulfilmentReported',
  { requestId: string; dsoPartyId: string; cpoPartyId: string; achievedPowerW: number; reportedAt: string }
>;
export type GridReactionMissing = DomainEvent<
  'GridReactionMissing',
  { requestId: string; dsoPartyId: string; loadAreaId: string; cpoPartyIds: string[]; flaggedAt: string }
>;
export type GridRequestCancelled = DomainEvent<
  'GridRequestCancelled',
  { requestId: string; dsoPartyId: string; loadAreaId: string; targets: string[]; cancelledAt: string }
>;
export type GridRequestEvent =
  GridRequestIssued | GridRequestAcknowledged | GridFulfilmentReported | GridReactionMissing | GridRequestCancelled;

export type IssueGridRequest = Command<
  'IssueGridRequest',
  GridRequestTerms & { actingPartyIds: string[]; targets: GridTarget[]; at: string; respondBy: string }
>;
export type AcknowledgeGridRequest = Command<
  'AcknowledgeGridRequest',
  { cpoPartyIds: readonly string[]; accepted: boolean; reason: string | null; at: string }
>;
export type ReportGridFulfilment = Command<
  'ReportGridFulfilment',
  { cpoPartyIds: readonly string[]; achievedPowerW: number; at: string }
>;
/** Fired by the timer at `respondBy`. */
export type FlagMissingReactions = Command<'FlagMissingReactions', { at: string }>;
export type CancelGridRequest = Command<'CancelGridRequest', { actingPartyIds: readonly string[]; at: string }>;
export type GridRequestCommand =
  IssueGridRequest | AcknowledgeGridRequest | ReportGridFulfilment | FlagMissingReactions | CancelGridRequest;

export type GridRequestState =
  | { status: 'NONE' }
  | (GridRequestTerms & {
      status: 'OPEN' | 'CANCELLED';
      targets: GridTarget[];
      respondBy: string;
      /** CPO party → accepted (true) or declined (false). */
      answers: Record<string, boolean>;
      flagged: boolean;
    });

export const gridRequestDecider = {
  initialState: (): GridRequestState => ({ status: 'NONE' }),

  decide(command: GridRequestCommand, state: GridRequestState): GridRequestEvent[] {
    if (command.type === 'IssueGridRequest') return issue(command, state);
    if (state.status === 'NONE') throw DomainError.notFound('GRID_REQUEST_NOT_FOUND', 'no such grid request');
    const ref = { requestId: state.requestId, dsoPartyId: state.dsoPartyId };
    switch (command.type) {
      case 'AcknowledgeGridRequest': {
        const target = addressed(state, command.data.cpoPartyIds);
        if (state.status === 'CANCELLED') throw closed();
        const previous = state.answers[target.cpoPartyId];
        if (previous === command.data.accepted) return [];
        if (previous !== undefined) {
          throw DomainError.illegalState('GRID_REQUEST_ANSWERED', `${target.cpoPartyId} already answered this request`);
        }
        const { targets: _t, status: _s, respondBy: _r, answers: _a, flagged: _f, ...terms } = state;
        return [
          {
            type: 'GridRequestAcknowledged',
            data: {
              ...terms,
              cpoPartyId: target.cpoPartyId,
              accepted: command.data.accepted,
              reason: command.data.reason,
              evseIds: target.evseIds,
              acknowledgedAt: command.data.at,
            },
          },
        ];
      }
      case 'ReportGridFulfilment': {
        const target = addressed(state, command.data.cpoPartyIds);
        if (state.answers[target.cpoPartyId] !== true) {
          throw DomainError.illegalState(
            'GRID_REQUEST_NOT_ACKNOWLEDGED',
            'acknowledge the request before reporting fulfilment',
          );
        }
        return [
          {
            type: 'GridFulfilmentReported',
            data: {
              ...ref,
              cpoPartyId: target.cpoPartyId,
              achievedPowerW: command.data.achievedPowerW,
              reportedAt: command.data.at,
            },
          },
        ];
      }
      case 'FlagMissingReactions': {
        if (state.status !== 'OPEN' || state.flagged || command.data.at < state.respondBy) return [];
        const silent = state.targets.map((t) => t.cpoPartyId).filter((cpo) => state.answers[cpo] === undefined);
        if (silent.length === 0) return [];
        return [
          {
            type: 'GridReactionMissing',
            data: { ...ref, loadAreaId: state.loadAreaId, cpoPartyIds: silent, flaggedAt: command.data.at },
          },
        ];
      }
      case 'CancelGridRequest': {
        if (!command.data.actingPartyIds.includes(state.dsoPartyId)) throw notFound();
        if (state.status === 'CANCELLED') return [];
        return [
          {
            type: 'GridRequestCancelled',
            data: {
              ...ref,
              loadAreaId: state.loadAreaId,
              targets: state.targets.map((t) => t.cpoPartyId),
              cancelledAt: command.data.at,
            },
          },
        ];
      }
    }
  },

  evolve(state: GridRequestState, event: GridRequestEvent): GridRequestState {
    if (event.type === 'GridRequestIssued') {
      const { issuedAt: _issuedAt, ...data } = event.data;
      return { ...data, status: 'OPEN', answers: {}, flagged: false };
    }
    if (state.status === 'NONE') return state;
    switch (event.type) {
      case 'GridRequestAcknowledged':
        return { ...state, answers: { ...state.answers, [event.data.cpoPartyId]: event.data.accepted } };
      case 'GridFulfilmentReported':
        return state;
      case 'GridReactionMissing':
        return { ...state, flagged: true };
      case 'GridRequestCancelled':
        return { ...state, status: 'CANCELLED' };
    }
  },
};

function issue(command: IssueGridRequest, state: GridRequestState): GridRequestEvent[] {
  const { actingPartyIds, at, targets, respondBy, ...terms } = command.data;
  if (state.status !== 'NONE') {
    if (state.loadAreaId === terms.loadAreaId && state.kind === terms.kind && state.startsAt === terms.startsAt)
      return [];
    throw DomainError.conflict('GRID_REQUEST_EXISTS', `grid request ${terms.requestId} exists for another request`);
  }
  if (!actingPartyIds.includes(terms.dsoPartyId) || !terms.loadAreaId.startsWith(`${terms.dsoPartyId}:`)) {
    throw DomainError.forbidden(
      'LOAD_AREA_NOT_OPERATED',
      `load area ${terms.loadAreaId} is not one of the caller's grid areas`,
      {
        field: 'loadAreaId',
        rule: 'own-load-area',
      },
    );
  }
  if (terms.endsAt <= terms.startsAt || terms.endsAt <= at) {
    throw DomainError.validation('GRID_REQUEST_PERIOD_INVALID', 'endsAt must be after startsAt and in the future', {
      field: 'endsAt',
      rule: 'future-after-start',
    });
  }
  if (terms.kind === 'CURTAILMENT' ? terms.limitW === null : terms.reductionW === null || terms.reductionW <= 0) {
    throw DomainError.validation(
      'GRID_REQUEST_INVALID',
      terms.kind === 'CURTAILMENT' ? 'a curtailment needs limitW' : 'a flexibility request needs a positive reductionW',
      { field: terms.kind === 'CURTAILMENT' ? 'limitW' : 'reductionW', rule: 'required-for-kind' },
    );
  }
  return [{ type: 'GridRequestIssued', data: { ...terms, targets, issuedAt: at, respondBy } }];
}

function addressed(state: Exclude<GridRequestState, { status: 'NONE' }>, cpoPartyIds: readonly string[]): GridTarget {
  const target = state.targets.find((t) => cpoPartyIds.includes(t.cpoPartyId));
  if (!target) throw notFound();
  return target;
}

function notFound(): DomainError {
  return DomainError.notFound('GRID_REQUEST_NOT_FOUND', 'no such grid request addressed to the caller');
}

function closed(): DomainError {
  return DomainError.illegalState('GRID_REQUEST_CANCELLED', 'the grid operator cancelled this request');
}
