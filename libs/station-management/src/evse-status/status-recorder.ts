import { Injectable } from '@nestjs/common';
import { type EventMetadata, EventStore, type NewEvent, type SqlExecutor } from '@roaming/event-store';
import { CLEARING_HOUSE_NAMESPACE, DomainError, uuidV5 } from '@roaming/shared-kernel';
import { SitesQueries } from '../site/projections/sites/sites.queries';
import {
  type AcceptedStatusReport,
  decideStatusReport,
  evseStatusFeedStream,
  type StatusReport,
  statusesReported,
} from './domain';

export interface ReportToRecord {
  report: StatusReport;
  reporterPartyIds: readonly string[];
  /** The partner's message the report came in (Kafka), kept with the report for the audit trail. */
  messageId?: string;
  metadata: EventMetadata;
}

export type ReportOutcome = { accepted: true; report: AcceptedStatusReport } | { accepted: false; error: DomainError };

/**
 * The hot path shared by both doors (REST and `b2b.evse-status.inbound.v1`): one catalogue lookup for all reports,
 * a pure decision per report, and ONE event per operator feed holding all its accepted reports, appended in the
 * caller's transaction. The feed's decision needs no earlier report, so the (long) feed stream is appended to
 * without being read.
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
        const context = { reporterPartyIds: item.reporterPartyIds, evse, receivedAt };
        return { accepted: true, report: decideStatusReport(item.report, context, item.messageId ?? null) };
      } catch (error) {
        if (error instanceof DomainError) return { accepted: false, error };
        throw error;
      }
    });
  }

  /**
   * Appends the accepted reports, one event per operator feed, keeping their order. `batchKey` names the batch (the
   * Idempotency-Key of a REST call, the message ids of a Kafka batch): a retry of the same batch collides in the store.
   */
  async append(
    items: readonly ReportToRecord[],
    outcomes: readonly ReportOutcome[],
    receivedAt: string,
    batchKey: string | undefined,
    tx?: SqlExecutor,
  ): Promise<number> {
    const byFeed = new Map<string, { reports: AcceptedStatusReport[]; metadata: EventMetadata }>();
    outcomes.forEach((outcome, index) => {
      if (!outcome.accepted) return;
      const stream = evseStatusFeedStream(operatorOf(outcome.report.evseId));
      const feed = byFeed.get(stream) ?? { reports: [], metadata: items[index].metadata };
      feed.reports.push(outcome.report);
      byFeed.set(stream, feed);
    });
    let appended = 0;
    for (const [stream, feed] of byFeed) {
      const event = statusesReported(feed.reports, receivedAt);
      const newEvent: NewEvent = {
        type: event.type,
        data: event.data,
        metadata: feed.metadata,
        messageId: batchKey ? uuidV5(`evse-status:${batchKey}:${stream}`, CLEARING_HOUSE_NAMESPACE) : undefined,
      };
      await this.store.append(stream, [newEvent], { expectedVersion: 'any', tx });
      appended += feed.reports.length;
    }
    return appended;
  }
}

function operatorOf(evseId: string): string {
  const [country, operator] = evseId.split('*');
  return `${country}${operator}`;
}
