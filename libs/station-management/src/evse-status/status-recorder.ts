import { Injectable } from '@nestjs/common';
import { type EventMetadata, EventStore, type NewEvent, type SqlExecutor } from '@roaming/event-store';
import { DomainError } from '@roaming/shared-kernel';
import { SitesQueries } from '../site/projections/sites/sites.queries';
import { decideStatusReport, type EvseStatusReported, evseStatusFeedStream, type StatusReport } from './domain';

export interface ReportToRecord {
  report: StatusReport;
  reporterPartyIds: readonly string[];
  /** Makes the event's id a function of the sender's message id, so a resent report collides in the store. */
  messageId?: string;
  metadata: EventMetadata;
}

export type ReportOutcome = { accepted: true; event: EvseStatusReported } | { accepted: false; error: DomainError };

/**
 * The hot path shared by both doors (REST and `b2b.evse-status.inbound.v1`): one catalogue lookup for all reports,
 * a pure decision per report, and ONE append per operator feed for all accepted reports, in the caller's transaction.
 * The feed's decision needs no earlier report, so the (long) feed stream is appended to without being read.
 */
@Injectable()
export class StatusRecorder {
  constructor(
    private readonly store: EventStore,
    private readonly sites: SitesQueries,
  ) {}

  async decide(items: readonly ReportToRecord[], receivedAt: string, sql?: SqlExecutor): Promise<ReportOutcome[]> {
    const catalogue = await this.sites.evseOperators([...new Set(items.map((i) => i.report.evseId))], sql);
    return items.map((item) => {
      try {
        const evse = catalogue.get(item.report.evseId);
        return {
          accepted: true,
          event: decideStatusReport(item.report, { reporterPartyIds: item.reporterPartyIds, evse, receivedAt }),
        };
      } catch (error) {
        if (error instanceof DomainError) return { accepted: false, error };
        throw error;
      }
    });
  }

  /** Appends the accepted reports, grouped by the EVSE operator's feed, keeping their order. */
  async append(
    items: readonly ReportToRecord[],
    outcomes: readonly ReportOutcome[],
    tx?: SqlExecutor,
  ): Promise<number> {
    const byFeed = new Map<string, NewEvent[]>();
    outcomes.forEach((outcome, index) => {
      if (!outcome.accepted) return;
      const item = items[index];
      const stream = evseStatusFeedStream(operatorOf(outcome.event.data.evseId));
      const events = byFeed.get(stream) ?? [];
      events.push({
        type: outcome.event.type,
        data: outcome.event.data,
        metadata: item.metadata,
        messageId: item.messageId,
      });
      byFeed.set(stream, events);
    });
    for (const [stream, events] of byFeed) await this.store.append(stream, events, { expectedVersion: 'any', tx });
    return [...byFeed.values()].reduce((n, events) => n + events.length, 0);
  }
}

function operatorOf(evseId: string): string {
  const [country, operator] = evseId.split('*');
  return `${country}${operator}`;
}
