import { Logger } from '@nestjs/common';
import {
  cancelDeadlines,
  CheckpointedProcessor,
  type EventStore,
  type RecordedEvent,
  scheduleDeadline,
  type SqlExecutor,
} from '@roaming/event-store';
import { ENERGY_SCHEMA } from '../../energy.schema';
import { GRID_REQUEST_CATEGORY, type GridRequestEvent, gridRequestStream } from '../domain/grid-request';

export const GRID_REQUESTS_PROJECTION_ID = 'energy.grid-requests:v1';
export const GRID_RESPOND_DEADLINE = 'grid-request.respond';

/**
 * Keeps `energy.grid_requests` (envelopes for charge plans, queries) and the request's response deadline in step
 * with its events, in the checkpoint transaction: the timer that flags missing reactions survives a crash.
 */
export function gridRequestsProjection(store: EventStore): CheckpointedProcessor {
  return new CheckpointedProcessor({
    processorId: GRID_REQUESTS_PROJECTION_ID,
    store,
    categories: [GRID_REQUEST_CATEGORY],
    handle: projectGridRequests,
    logger: new Logger(`Projection ${GRID_REQUESTS_PROJECTION_ID}`),
  });
}

export async function projectGridRequests(events: readonly RecordedEvent[], tx: SqlExecutor): Promise<void> {
  for (const recorded of events) {
    const event = { type: recorded.type, data: recorded.data } as GridRequestEvent;
    const { requestId } = event.data;
    const deadline = `${gridRequestStream(requestId)}:${GRID_RESPOND_DEADLINE}`;
    switch (event.type) {
      case 'GridRequestIssued': {
        const d = event.data;
        await tx.query(
          `INSERT INTO energy.grid_requests (request_id, dso_party_id, load_area_id, kind, priority, starts_at, ends_at,
             limit_w, reduction_w, status, issued_at, respond_by)
           VALUES ($1, $2, $3, $4, $5, $6::timestamptz, $7::timestamptz, $8, $9, 'OPEN', $10::timestamptz, $11::timestamptz)
           ON CONFLICT (request_id) DO NOTHING`,
          [
            requestId,
            d.dsoPartyId,
            d.loadAreaId,
            d.kind,
            d.priority,
            d.startsAt,
            d.endsAt,
            d.limitW,
            d.reductionW,
            d.issuedAt,
            d.respondBy,
          ],
        );
        for (const target of d.targets) {
          await tx.query(
            `INSERT INTO energy.grid_request_targets (request_id, cpo_party_id, evse_ids) VALUES ($1, $2, $3::text[])
             ON CONFLICT DO NOTHING`,
            [requestId, target.cpoPartyId, target.evseIds],
          );
        }
        if (d.targets.length > 0) {
          await scheduleDeadline(tx, ENERGY_SCHEMA, {
            key: deadline,
            streamName: gridRequestStream(requestId),
            kind: GRID_RESPOND_DEADLINE,
            dueAt: d.respondBy,
          });
        }
        break;
      }
      case 'GridRequestAcknowledged':
        await tx.query(
          `UPDATE energy.grid_request_targets SET answer = $3, answered_at = $4::timestamptz
           WHERE request_id = $1 AND cpo_party_id = $2`,
          [
            requestId,
            event.data.cpoPartyId,
            event.data.accepted ? 'ACKNOWLEDGED' : 'DECLINED',
            event.data.acknowledgedAt,
          ],
        );
        break;
      case 'GridFulfilmentReported':
        await tx.query(
          `UPDATE energy.grid_request_targets SET achieved_power_w = $3 WHERE request_id = $1 AND cpo_party_id = $2`,
          [requestId, event.data.cpoPartyId, event.data.achievedPowerW],
        );
        break;
      case 'GridReactionMissing':
        await tx.query(
          `UPDATE energy.grid_request_targets SET answer = 'MISSING'
           WHERE request_id = $1 AND cpo_party_id = ANY($2::text[]) AND answer = 'PENDING'`,
          [requestId, event.data.cpoPartyIds],
        );
        await cancelDeadlines(tx, ENERGY_SCHEMA, [deadline]);
        break;
      case 'GridRequestCancelled':
        await tx.query(`UPDATE energy.grid_requests SET status = 'CANCELLED' WHERE request_id = $1`, [requestId]);
        await cancelDeadlines(tx, ENERGY_SCHEMA, [deadline]);
        break;
    }
  }
}
