import { DomainError } from '@roaming/shared-kernel';
import { sameData } from '../../site/domain/same-data';
import type {
  CancelOutageNotice,
  EndOutage,
  OutageCommand,
  OutageScopeFacts,
  PublishOutageNotice,
} from './outage.commands';
import type { OutageEvent } from './outage.events';
import type { OutageState } from './outage.state';

export function decide(command: OutageCommand, state: OutageState): OutageEvent[] {
  switch (command.type) {
    case 'PublishOutageNotice':
      return publish(command, state);
    case 'EndOutage':
      return end(command, state);
    case 'CancelOutageNotice':
      return cancel(command, state);
  }
}

function publish(command: PublishOutageNotice, state: OutageState): OutageEvent[] {
  const { cpoPartyId, noticeId, terms, facts, at } = command.data;
  checkScope(cpoPartyId, terms, facts);
  if (terms.endsAt !== null && terms.endsAt <= terms.startsAt) {
    throw DomainError.validation('OUTAGE_PERIOD_INVALID', 'endsAt must be after startsAt', {
      field: 'endsAt',
      rule: 'after-starts-at',
    });
  }
  switch (state.status) {
    case 'none':
      return [{ type: 'OutageNoticeIssued', data: { cpoPartyId, noticeId, ...terms, issuedAt: at } }];
    case 'open':
      // The same notice again (a retry, a periodic re-send) changes nothing.
      return sameData(state.terms, terms)
        ? []
        : [{ type: 'OutageNoticeRevised', data: { cpoPartyId, noticeId, ...terms, revisedAt: at } }];
    default:
      throw closed(noticeId, state.status);
  }
}

/** A notice covers a published site of the operator, or published EVSEs of the caller's operator ids. */
function checkScope(cpoPartyId: string, terms: PublishOutageNotice['data']['terms'], facts: OutageScopeFacts): void {
  const { scope } = terms;
  if (scope.siteId !== null) {
    if (!facts.sitePublished) {
      throw DomainError.notFound('SITE_NOT_FOUND', `operator ${cpoPartyId} has no published site ${scope.siteId}`, {
        field: 'siteId',
        rule: 'published-site',
      });
    }
    return;
  }
  for (const evseId of scope.evseIds) {
    const operatorId = facts.evseOperators[evseId];
    if (!operatorId) {
      throw DomainError.notFound('EVSE_UNKNOWN', `EVSE ${evseId} is not on any published site`, {
        field: 'evseIds',
        rule: 'published-evse',
        evseId,
      });
    }
    if (!facts.actingPartyIds.includes(operatorId)) {
      throw DomainError.forbidden(
        'EVSE_NOT_OWNED',
        `EVSE ${evseId} belongs to operator ${operatorId}, for which the caller does not act.`,
        { field: 'evseIds', rule: 'own-evse', evseId, operatorId },
      );
    }
  }
}

function end(command: EndOutage, state: OutageState): OutageEvent[] {
  const { cpoPartyId, noticeId, at } = command.data;
  if (state.status === 'none') throw notFound(cpoPartyId, noticeId);
  if (state.status === 'ended') return [];
  if (state.status === 'cancelled') throw closed(noticeId, state.status);
  if (at < state.terms.startsAt) {
    throw DomainError.illegalState('OUTAGE_NOT_STARTED', `notice ${noticeId} has not started yet; cancel it instead`, {
      noticeId,
    });
  }
  return [{ type: 'OutageEnded', data: { cpoPartyId, noticeId, endedAt: at } }];
}

function cancel(command: CancelOutageNotice, state: OutageState): OutageEvent[] {
  const { cpoPartyId, noticeId, at } = command.data;
  if (state.status === 'none') throw notFound(cpoPartyId, noticeId);
  if (state.status === 'cancelled') return [];
  if (state.status === 'ended') throw closed(noticeId, state.status);
  return [{ type: 'OutageNoticeCancelled', data: { cpoPartyId, noticeId, cancelledAt: at } }];
}

function notFound(cpoPartyId: string, noticeId: string): DomainError {
  return DomainError.notFound('OUTAGE_NOT_FOUND', `operator ${cpoPartyId} has no outage notice ${noticeId}`, {
    cpoPartyId,
    noticeId,
  });
}

function closed(noticeId: string, status: string): DomainError {
  return DomainError.illegalState('OUTAGE_CLOSED', `notice ${noticeId} is ${status}; issue a new notice`, {
    noticeId,
    status,
  });
}
