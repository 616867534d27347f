import { type Decider, DomainError, streamName } from '@roaming/shared-kernel';
import type { Period } from './period';
import type { CurrencyTotals, FeeLine } from './statement-line';

/**
 * A statement: one agreement (CPO → EVSP) in one settlement period. Its lines are the RecordPriced events naming it
 * (kept in settlement.statement_lines by the inline projection); closing it appends one StatementClosed carrying the
 * totals per currency, the fee lines and a digest of the lines, after which it is immutable.
 */
export const STATEMENT_CATEGORY = 'settlementStatement';
export const statementStream = (statementId: string) => streamName(STATEMENT_CATEGORY, statementId);

export interface StatementClosedData {
  statementId: string;
  agreementId: string;
  cpoPartyId: string;
  emspPartyId: string;
  period: Period;
  totals: CurrencyTotals[];
  fees: FeeLine[];
  lineCount: number;
  /** sha256 (hex) over the lines `lineId|amountInclVat`, ordered by lineId (byte order), joined by newlines. */
  digest: string;
  closedBy: string;
  closedAt: string;
}

export type StatementEvent = { type: 'StatementClosed'; data: StatementClosedData };
export type CloseStatement = { type: 'CloseStatement'; data: StatementClosedData };
export type StatementState = { status: 'OPEN' } | { status: 'CLOSED'; closed: StatementClosedData };

export const statementDecider: Decider<StatementState, CloseStatement, StatementEvent> = {
  initialState: () => ({ status: 'OPEN' }),
  decide: (command, state) => {
    if (state.status === 'CLOSED') {
      throw DomainError.illegalState('STATEMENT_CLOSED', `statement ${command.data.statementId} is closed`, {
        statementId: command.data.statementId,
        closedAt: state.closed.closedAt,
      });
    }
    return [{ type: 'StatementClosed', data: command.data }];
  },
  evolve: (_state, event) => ({ status: 'CLOSED', closed: event.data }),
};
