import { Logger } from '@nestjs/common';
import { CheckpointedProcessor, type EventStore, type RecordedEvent, type SqlExecutor } from '@roaming/event-store';
import { EVSE_STATUS_FEED_CATEGORY, type EvseStatusFeedEvent } from '../../domain';

export const LATEST_STATUS_PROJECTION_ID = 'station.evse-status-latest:v1';

/**
 * The hot read model of UC1-3. Large batches, one set-based upsert per batch, woken by appends in this process:
 * the view follows the Kafka door within a fraction of a second at thousands of reports per second.
 */
export function latestStatusProjection(store: EventStore): CheckpointedProcessor {
  return new CheckpointedProcessor({
    processorId: LATEST_STATUS_PROJECTION_ID,
    store,
    categories: [EVSE_STATUS_FEED_CATEGORY],
    handle: projectLatestStatus,
    batchSize: 5000,
    pollIntervalMs: 100,
    logger: new Logger(`Projection ${LATEST_STATUS_PROJECTION_ID}`),
  });
}

export interface LatestStatusRow {
  evseId: string;
  status: string;
  observedAt: string;
  receivedAt: string;
  globalPosition: string;
}

/** Pure: the newest report per EVSE in a batch of feed events, by (observedAt, global position, order in event). */
export function newestPerEvse(events: readonly RecordedEvent[]): LatestStatusRow[] {
  const newest = new Map<string, LatestStatusRow>();
  const consider = (row: LatestStatusRow) => {
    const current = newest.get(row.evseId);
    if (!current || isNewer(row, current)) newest.set(row.evseId, row);
  };
  for (const recorded of events) {
    const event = { type: recorded.type, data: recorded.data } as EvseStatusFeedEvent;
    const globalPosition = recorded.globalPosition;
    if (event.type === 'EvseStatusesReported') {
      const { receivedAt, reports } = event.data;
      for (const { evseId, status, observedAt } of reports)
        consider({ evseId, status, observedAt, receivedAt, globalPosition });
    } else if (event.type === 'EvseStatusReported') {
      const { evseId, status, observedAt, receivedAt } = event.data;
      consider({ evseId, status, observedAt, receivedAt, globalPosition });
    }
  }
  return [...newest.values()];
}

/** Later wins a tie: a later event, or a later report of the same event (the batch keeps the sender's order). */
function isNewer(a: LatestStatusRow, b: LatestStatusRow): boolean {
  if (a.observedAt !== b.observedAt) return a.observedAt > b.observedAt;
  return BigInt(a.globalPosition) >= BigInt(b.globalPosition);
}

/** Pure: the status intervals a batch opens, given the status each EVSE was in before it. */
export function statusChanges(
  rows: readonly LatestStatusRow[],
  before: ReadonlyMap<string, { status: string; observedAt: string }>,
): { evseId: string; status: string; startedAt: string }[] {
  return rows
    .filter((row) => {
      const previous = before.get(row.evseId);
      return !previous || (row.observedAt > previous.observedAt && row.status !== previous.status);
    })
    .map((row) => ({ evseId: row.evseId, status: row.status, startedAt: row.observedAt }));
}

/**
 * One upsert for the batch. The row guard keeps the newest observation: a report observed earlier than the row's
 * (arriving late) changes nothing, and a batch handled again after a crash finds its positions already there.
 * The same pass keeps the status intervals of the EVSE history (GeM 1599) from the batch's newest report per EVSE:
 * changes within one batch (a fraction of a second) fold into the last, a precision status time does not need,
 * and the feed is not read a second time for it.
 */
export async function projectLatestStatus(events: readonly RecordedEvent[], tx: SqlExecutor): Promise<void> {
  const rows = newestPerEvse(events);
  if (rows.length === 0) return;
  const ids = rows.map((r) => r.evseId);
  const previous = await tx.query<{ evse_id: string; status: string; observed_at: Date | string }>(
    `SELECT evse_id, status, observed_at FROM station.evse_status WHERE evse_id = ANY($1::text[])`,
    [ids],
  );
  const before = new Map(
    previous.rows.map((r) => [r.evse_id, { status: r.status, observedAt: new Date(r.observed_at).toISOString() }]),
  );
  const changes = statusChanges(rows, before);
  await tx.query(
    `INSERT INTO station.evse_status AS s
       (evse_id, status, observed_at, received_at, last_global_position, projected_at, change_seq)
     SELECT x.evse_id, x.status, x.observed_at, x.received_at, x.position, clock_timestamp(),
            nextval('station.evse_status_change_seq')
     FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::timestamptz[], $5::bigint[])
       AS x(evse_id, status, observed_at, received_at, position)
     ON CONFLICT (evse_id) DO UPDATE SET status = EXCLUDED.status, observed_at = EXCLUDED.observed_at,
       received_at = EXCLUDED.received_at, last_global_position = EXCLUDED.last_global_position,
       projected_at = EXCLUDED.projected_at, change_seq = EXCLUDED.change_seq
     WHERE (s.observed_at, s.last_global_position) < (EXCLUDED.observed_at, EXCLUDED.last_global_position)`,
    [
      rows.map((r) => r.evseId),
      rows.map((r) => r.status),
      rows.map((r) => r.observedAt),
      rows.map((r) => r.receivedAt),
      rows.map((r) => r.globalPosition),
    ],
  );
  if (changes.length === 0) return;
  await tx.query(
    `UPDATE station.evse_status_intervals i SET ended_at = x.started_at
     FROM unnest($1::text[], $2::timestamptz[]) AS x(evse_id, started_at)
     WHERE i.evse_id = x.evse_id AND i.ended_at IS NULL AND i.started_at < x.started_at`,
    [changes.map((c) => c.evseId), changes.map((c) => c.startedAt)],
  );
  await tx.query(
    `INSERT INTO station.evse_status_intervals (evse_id, status, started_at)
     SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[]) ON CONFLICT DO NOTHING`,
    [changes.map((c) => c.evseId), changes.map((c) => c.status), changes.map((c) => c.startedAt)],
  );
}
