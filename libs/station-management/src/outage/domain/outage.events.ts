import type { DomainEvent } from '@roaming/shared-kernel';
import type { OutageTerms } from './outage.model';

interface NoticeRef {
  cpoPartyId: string;
  noticeId: string;
}

export type OutageNoticeIssued = DomainEvent<'OutageNoticeIssued', NoticeRef & OutageTerms & { issuedAt: string }>;
/** New times, scope or text for an open notice (a maintenance that runs longer, more EVSEs affected). */
export type OutageNoticeRevised = DomainEvent<'OutageNoticeRevised', NoticeRef & OutageTerms & { revisedAt: string }>;
/** The outage is over: the EVSEs are back (their reported status counts again). */
export type OutageEnded = DomainEvent<'OutageEnded', NoticeRef & { endedAt: string }>;
/** A planned outage that will not happen. */
export type OutageNoticeCancelled = DomainEvent<'OutageNoticeCancelled', NoticeRef & { cancelledAt: string }>;

export type OutageEvent = OutageNoticeIssued | OutageNoticeRevised | OutageEnded | OutageNoticeCancelled;
