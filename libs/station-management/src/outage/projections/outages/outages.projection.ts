import { Logger } from '@nestjs/common';
import { CheckpointedProcessor, type EventStore, type RecordedEvent, type SqlExecutor } from '@roaming/event-store';
import { OUTAGE_CATEGORY, type OutageEvent } from '../../domain';

export const OUTAGES_PROJECTION_ID = 'station.outages:v1';

export function outagesProjection(store: EventStore): CheckpointedProcessor {
  return new CheckpointedProcessor({
    processorId: OUTAGES_PROJECTION_ID,
    store,
    categories: [OUTAGE_CATEGORY],
    handle: projectOutages,
    logger: new Logger(`Projection ${OUTAGES_PROJECTION_ID}`),
  });
}

/** Each event rewrites its notice's row; the position guard skips what a replayed batch already wrote. */
export async function projectOutages(events: readonly RecordedEvent[], tx: SqlExecutor): Promise<void> {
  for (const recorded of events) {
    const event = { type: recorded.type, data: recorded.data } as OutageEvent;
    const position = recorded.globalPosition;
    switch (event.type) {
      case 'OutageNoticeIssued':
      case 'OutageNoticeRevised': {
        const d = event.data;
        await tx.query(
          `INSERT INTO station.outages AS o (cpo_party_id, notice_id, kind, site_id, evse_ids, starts_at, ends_at, status,
             description, issued_at, change_seq, last_global_position)
           VALUES ($1, $2, $3, $4, $5::text[], $6::timestamptz, $7::timestamptz, 'OPEN', $8, $9::timestamptz,
             nextval('station.outage_change_seq'), $10::bigint)
           ON CONFLICT (cpo_party_id, notice_id) DO UPDATE SET kind = EXCLUDED.kind, site_id = EXCLUDED.site_id,
             evse_ids = EXCLUDED.evse_ids, starts_at = EXCLUDED.starts_at, ends_at = EXCLUDED.ends_at, status = 'OPEN',
             description = EXCLUDED.description, change_seq = EXCLUDED.change_seq,
             last_global_position = EXCLUDED.last_global_position
           WHERE o.last_global_position < EXCLUDED.last_global_position`,
          [
            d.cpoPartyId,
            d.noticeId,
            d.kind,
            d.scope.siteId,
            d.scope.evseIds,
            d.startsAt,
            d.endsAt,
            d.description,
            event.type === 'OutageNoticeIssued' ? event.data.issuedAt : recorded.recordedAt,
            position,
          ],
        );
        break;
      }
      case 'OutageEnded':
      case 'OutageNoticeCancelled': {
        const ended = event.type === 'OutageEnded';
        await tx.query(
          `UPDATE station.outages SET status = $3, ends_at = CASE WHEN $3 = 'ENDED' THEN $4::timestamptz ELSE ends_at END,
             change_seq = nextval('station.outage_change_seq'), last_global_position = $5::bigint
           WHERE cpo_party_id = $1 AND notice_id = $2 AND last_global_position < $5::bigint`,
          [
            event.data.cpoPartyId,
            event.data.noticeId,
            ended ? 'ENDED' : 'CANCELLED',
            ended ? event.data.endedAt : null,
            position,
          ],
        );
        break;
      }
    }
  }
}
