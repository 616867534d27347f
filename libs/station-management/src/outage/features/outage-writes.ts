import { Injectable } from '@nestjs/common';
import { EventStore, handleCommand } from '@roaming/event-store';
import { assertActsFor, type Principal } from '@roaming/platform';
import { Clock, DomainError, PartyId } from '@roaming/shared-kernel';
import { requestMetadata } from '../../shared/request-context';
import { SitesQueries } from '../../site/projections/sites/sites.queries';
import { type OutageCommand, outageDecider, type OutageState, outageStream, type OutageTerms } from '../domain';

const NOTICE_ID = /^[A-Za-z0-9._-]{1,36}$/;

export interface OutageWriteResult {
  noticeId: string;
  status: 'OPEN' | 'ENDED' | 'CANCELLED';
  changed: boolean;
}

/** Around the outage decider: operator scope, time and catalogue facts in, the notice's status out. */
@Injectable()
export class OutageWrites {
  constructor(
    private readonly store: EventStore,
    private readonly sites: SitesQueries,
    private readonly clock: Clock,
  ) {}

  target(principal: Principal, cpoPartyId: string, noticeId: string): { cpoPartyId: string; noticeId: string } {
    if (!NOTICE_ID.test(noticeId)) {
      throw DomainError.validation('NOTICE_ID_INVALID', 'noticeId must be 1 to 36 letters, digits, ".", "_" or "-"', {
        field: 'noticeId',
        rule: 'format',
      });
    }
    return { cpoPartyId: assertActsFor(principal, PartyId.parse(cpoPartyId, 'cpoPartyId').value), noticeId };
  }

  async publish(principal: Principal, cpoPartyId: string, noticeId: string, terms: OutageTerms) {
    const { scope } = terms;
    const [evses, site] = await Promise.all([
      this.sites.evseOperators(scope.evseIds),
      scope.siteId === null ? Promise.resolve(undefined) : this.sites.site(cpoPartyId, scope.siteId),
    ]);
    const evseOperators = Object.fromEntries(
      scope.evseIds.map((id) => {
        const entry = evses.get(id);
        return [id, entry && entry.status === 'PUBLISHED' ? entry.operatorPartyId : null];
      }),
    );
    return this.run(principal, {
      type: 'PublishOutageNotice',
      data: {
        cpoPartyId,
        noticeId,
        terms,
        facts: { actingPartyIds: [...principal.partyIds], evseOperators, sitePublished: site?.status === 'PUBLISHED' },
        at: this.now(),
      },
    });
  }

  now(): string {
    return this.clock.now().toISOString();
  }

  async run(principal: Principal, command: OutageCommand): Promise<OutageWriteResult> {
    const { cpoPartyId, noticeId } = command.data;
    const { state, newEvents } = await handleCommand(
      this.store,
      outageStream(cpoPartyId, noticeId),
      outageDecider,
      command,
      {
        metadata: requestMetadata(principal),
      },
    );
    return { noticeId, status: statusOf(state), changed: newEvents.length > 0 };
  }
}

function statusOf(state: OutageState): OutageWriteResult['status'] {
  switch (state.status) {
    case 'open':
      return 'OPEN';
    case 'ended':
      return 'ENDED';
    case 'cancelled':
      return 'CANCELLED';
    case 'none':
      throw new Error('an outage command left no notice');
  }
}
