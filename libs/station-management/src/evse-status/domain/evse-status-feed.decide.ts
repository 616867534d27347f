import { DomainError } from '@roaming/shared-kernel';
import type { EvseStatus } from './evse-status';
import type { AcceptedStatusReport, EvseStatusesReported } from './evse-status-feed.events';

/** What the EVSE catalogue says about a reported EVSE (looked up by the handler, passed in). */
export interface ReportedEvseFacts {
  status: 'PUBLISHED' | 'WITHDRAWN';
  operatorPartyId: string;
}

export interface StatusReport {
  evseId: string;
  status: EvseStatus;
  observedAt: string;
}

export interface StatusReportContext {
  /** The parties of the reporting CPO: the EVSE operator must be one of them. */
  reporterPartyIds: readonly string[];
  /** The catalogue entry of the EVSE, or undefined when no site ever published it. */
  evse: ReportedEvseFacts | undefined;
  receivedAt: string;
}

/** A report may be stamped a little ahead of our clock (clock skew), never minutes ahead. */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

/**
 * The decision on one status report (IEC 63119-2 UC1-3). It depends on no earlier report, only on the catalogue:
 * the EVSE must be published, and operated by the reporter. Older reports are not refused here: the latest-status
 * view keeps the newest observation, and the feed keeps every report for the EVSE's history.
 */
export function decideStatusReport(
  report: StatusReport,
  context: StatusReportContext,
  messageId: string | null = null,
): AcceptedStatusReport {
  const { evse } = context;
  if (!evse) {
    throw DomainError.notFound('EVSE_UNKNOWN', `EVSE ${report.evseId} is not on any published site`, {
      field: 'evseId',
      rule: 'published-evse',
      evseId: report.evseId,
    });
  }
  if (!context.reporterPartyIds.includes(evse.operatorPartyId)) {
    throw DomainError.forbidden(
      'EVSE_NOT_OWNED',
      `EVSE ${report.evseId} belongs to operator ${evse.operatorPartyId}, for which the reporter does not act.`,
      { field: 'evseId', rule: 'own-evse', evseId: report.evseId, operatorId: evse.operatorPartyId },
    );
  }
  if (evse.status === 'WITHDRAWN') {
    throw DomainError.illegalState('EVSE_WITHDRAWN', `EVSE ${report.evseId} was withdrawn; publish it again first`, {
      field: 'evseId',
      rule: 'published-evse',
      evseId: report.evseId,
    });
  }
  if (Date.parse(report.observedAt) - Date.parse(context.receivedAt) > MAX_CLOCK_SKEW_MS) {
    throw DomainError.validation('STATUS_IN_FUTURE', `observedAt ${report.observedAt} is ahead of the hub's clock`, {
      field: 'observedAt',
      rule: 'not-in-future',
    });
  }
  return { evseId: report.evseId, status: report.status, observedAt: report.observedAt, messageId };
}

/** The event of one append to an operator's feed: the reports accepted together, in the order they came. */
export function statusesReported(reports: AcceptedStatusReport[], receivedAt: string): EvseStatusesReported {
  return { type: 'EvseStatusesReported', data: { receivedAt, reports } };
}
