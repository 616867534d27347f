import { Injectable } from '@nestjs/common';
import type { SiteV1 } from '@roaming/contracts';
import { EventStore, handleCommand } from '@roaming/event-store';
import { assertActsFor, type Principal } from '@roaming/platform';
import { Clock, PartyId } from '@roaming/shared-kernel';
import { requestMetadata } from '../../shared/request-context';
import { type SiteCommand, siteDecider, parseSiteId, type SiteState, siteStream } from '../domain';
import { siteDocument } from '../site.document';
import { SitesQueries } from '../projections/sites/sites.queries';

export interface SiteWriteResult {
  site: SiteV1;
  /** False when the call changed nothing (the same full load again, an EVSE already withdrawn). */
  changed: boolean;
}

/**
 * What every site write does around its decider: the operator path segment must be a party the caller acts for,
 * time and the EVSE catalogue are read here and passed in, and the answer is the site document after the command.
 */
@Injectable()
export class SiteWrites {
  constructor(
    private readonly store: EventStore,
    private readonly sites: SitesQueries,
    private readonly clock: Clock,
  ) {}

  target(principal: Principal, cpoPartyId: string, siteId: string): { cpoPartyId: string; siteId: string } {
    return { cpoPartyId: this.operator(principal, cpoPartyId), siteId: parseSiteId(siteId) };
  }

  /** The operator of the path, normalised; the caller must act for it (PARTY_SCOPE). */
  operator(principal: Principal, cpoPartyId: string): string {
    return assertActsFor(principal, PartyId.parse(cpoPartyId, 'cpoPartyId').value);
  }

  now(): string {
    return this.clock.now().toISOString();
  }

  onOtherSites(evseIds: readonly string[], cpoPartyId: string, siteId: string): Promise<string[]> {
    return this.sites.evsesOnOtherSites(evseIds, cpoPartyId, siteId);
  }

  async run(principal: Principal, command: SiteCommand): Promise<SiteWriteResult> {
    const { cpoPartyId, siteId } = command.data;
    const { state, newEvents } = await handleCommand(this.store, siteStream(cpoPartyId, siteId), siteDecider, command, {
      metadata: requestMetadata(principal),
    });
    return { site: documentOf(state, command.data.at), changed: newEvents.length > 0 };
  }
}

function documentOf(state: SiteState, at: string): SiteV1 {
  if (state.status === 'new') throw new Error('a site command left the site unpublished');
  const { cpoPartyId, siteId, details, evses } = state;
  const data = { cpoPartyId, siteId, details, evses };
  return siteDocument(
    state.status === 'withdrawn'
      ? { type: 'SiteWithdrawn', data: { ...data, withdrawnAt: at } }
      : {
          type: 'SitePublished',
          data: { ...data, detailsChanged: false, changedEvseIds: [], withdrawnEvseIds: [], publishedAt: at },
        },
    at,
  );
}
