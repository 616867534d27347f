import { Logger } from '@nestjs/common';
import {
  cancelDeadlines,
  CheckpointedProcessor,
  type EventStore,
  type RecordedEvent,
  scheduleDeadline,
  scheduleDeadlines,
  type SqlExecutor,
} from '@roaming/event-store';
import { CDR_SCHEMA } from '../../registry-view/registry-view.migrations';
import { CDR_CATEGORY, type CdrForwarded } from '../../cdr/domain';
import {
  CDR_DELIVERY_CATEGORY,
  CDR_DELIVERY_EVENT_TYPES,
  type CdrDelivered,
  type CdrDeliveryEvent,
  type CdrDeliveryQueued,
} from '../domain';

export const CDR_DELIVERIES_PROCESSOR_ID = 'cdr-forwarding.deliveries:v1';

/** Deadline kind of a webhook attempt: one per EVSP, so its queue can be pulled forward when it answers again. */
export function webhookDeadlineKind(emspPartyId: string): string {
  return `cdr-webhook:${emspPartyId}`;
}

/**
 * Projects the delivery streams into `cdr.cdr_deliveries` and keeps their due attempts in `cdr.deadlines`, both in
 * the checkpoint's transaction. Rows carry the stream position they reflect, so a replayed batch changes nothing.
 * A record the intake routed to an EVSP without webhook (CdrForwarded.deliveryChannel TOPIC) has no delivery stream:
 * its row goes in DELIVERED from the CdrForwarded (the forwarder puts it on the EVSP's topic), at stream position -1,
 * so that the stream its acknowledgement opens later applies from its first event.
 * When one record reaches an EVSP (or its queue's head becomes UNDELIVERED, or is acknowledged), every other record
 * waiting for that EVSP becomes due at once; the dispatcher keeps them in forwarding order (`queue_position`).
 */
export function cdrDeliveriesProjection(store: EventStore): CheckpointedProcessor {
  return new CheckpointedProcessor({
    processorId: CDR_DELIVERIES_PROCESSOR_ID,
    store,
    categories: [CDR_CATEGORY, CDR_DELIVERY_CATEGORY],
    types: [...CDR_DELIVERY_EVENT_TYPES, 'CdrForwarded'],
    logger: new Logger(`Projection ${CDR_DELIVERIES_PROCESSOR_ID}`),
    batchSize: 1000,
    handle: async (events, tx) => {
      // A record's CdrForwarded comes before any event of its delivery stream: its row first.
      await insertDeliveredByTopic(
        events.filter(
          (e): e is RecordedEvent<'CdrForwarded', CdrForwarded['data']> =>
            e.type === 'CdrForwarded' && (e.data as CdrForwarded['data']).deliveryChannel === 'TOPIC',
        ),
        tx,
      );
      const all = events.filter((e) => e.type !== 'CdrForwarded') as (RecordedEvent & CdrDeliveryEvent)[];
      // A stream's CdrDeliveryQueued comes before its other events: the batch's new rows go in with one statement.
      const queued = all.filter((e): e is RecordedEvent & CdrDeliveryQueued => e.type === 'CdrDeliveryQueued');
      // A record for an EVSP without webhook is queued and delivered (by its topic) in one append: its row goes in
      // delivered, instead of one UPDATE per record after the insert (issue 5 speed).
      const streams = new Set(queued.map((e) => e.streamName));
      const deliveredOnQueue = new Map(
        all
          .filter(
            (e): e is RecordedEvent & CdrDelivered =>
              e.type === 'CdrDelivered' && e.data.channel === 'TOPIC' && streams.has(e.streamName),
          )
          .map((e) => [e.streamName, e]),
      );
      await queueAll(queued, deliveredOnQueue, tx);
      for (const event of all) {
        if (event.type === 'CdrDeliveryQueued' || deliveredOnQueue.get(event.streamName) === event) continue;
        await project(event, tx);
      }
    },
  });
}

const T = `${CDR_SCHEMA}.cdr_deliveries`;

async function insertDeliveredByTopic(
  events: readonly RecordedEvent<'CdrForwarded', CdrForwarded['data']>[],
  tx: SqlExecutor,
): Promise<void> {
  if (events.length === 0) return;
  await tx.query(
    `INSERT INTO ${T} (cpo_party_id, cdr_id, emsp_party_id, channel, state, queued_at, stream_position, queue_position,
       delivered_at)
     SELECT x.cpo, x.cdr, x.emsp, 'TOPIC', 'DELIVERED', x.at, -1, x.queue, x.at
     FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::bigint[]) AS x(cpo, cdr, emsp, at, queue)
     ON CONFLICT (cpo_party_id, cdr_id) DO NOTHING`,
    [
      events.map((e) => e.data.cpoPartyId),
      events.map((e) => e.data.cdrId),
      events.map((e) => e.data.emspPartyId),
      events.map((e) => e.data.forwardedAt),
      events.map((e) => e.globalPosition),
    ],
  );
}

async function queueAll(
  events: readonly (RecordedEvent & CdrDeliveryQueued)[],
  deliveredOnQueue: ReadonlyMap<string, RecordedEvent & CdrDelivered>,
  tx: SqlExecutor,
): Promise<void> {
  if (events.length === 0) return;
  const delivered = (e: RecordedEvent) => deliveredOnQueue.get(e.streamName);
  const { rows } = await tx.query<{ cpo_party_id: string; cdr_id: string }>(
    `INSERT INTO ${T} (cpo_party_id, cdr_id, emsp_party_id, channel, state, queued_at, next_attempt_at, stream_position,
       queue_position, delivered_at)
     SELECT x.cpo, x.cdr, x.emsp, x.channel, CASE WHEN x.delivered IS NULL THEN 'PENDING' ELSE 'DELIVERED' END, x.at,
       CASE WHEN x.channel = 'WEBHOOK' THEN x.at END, x.pos, x.queue, x.delivered
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::bigint[], $7::bigint[],
       $8::timestamptz[]) AS x(cpo, cdr, emsp, channel, at, pos, queue, delivered)
     ON CONFLICT (cpo_party_id, cdr_id) DO NOTHING
     RETURNING cpo_party_id, cdr_id`,
    [
      events.map((e) => e.data.cpoPartyId),
      events.map((e) => e.data.cdrId),
      events.map((e) => e.data.emspPartyId),
      events.map((e) => e.data.channel),
      events.map((e) => e.data.queuedAt),
      events.map((e) => delivered(e)?.streamPosition ?? e.streamPosition),
      events.map((e) => e.globalPosition),
      events.map((e) => delivered(e)?.data.deliveredAt ?? null),
    ],
  );
  const inserted = new Set(rows.map((r) => `${r.cpo_party_id}\u0000${r.cdr_id}`));
  await scheduleDeadlines(
    tx,
    CDR_SCHEMA,
    events
      .filter((e) => e.data.channel === 'WEBHOOK' && inserted.has(`${e.data.cpoPartyId}\u0000${e.data.cdrId}`))
      .map((e) => ({
        key: e.streamName,
        streamName: e.streamName,
        kind: webhookDeadlineKind(e.data.emspPartyId),
        dueAt: e.data.queuedAt,
      })),
  );
}

async function project(event: RecordedEvent & CdrDeliveryEvent, tx: SqlExecutor): Promise<void> {
  const { cpoPartyId, cdrId, emspPartyId } = event.data;
  const key = [cpoPartyId, cdrId, event.streamPosition];
  const deadline = (dueAt: string) =>
    scheduleDeadline(tx, CDR_SCHEMA, {
      key: event.streamName,
      streamName: event.streamName,
      kind: webhookDeadlineKind(emspPartyId),
      dueAt,
    });
  switch (event.type) {
    case 'CdrDeliveryQueued': {
      const { rowCount } = await tx.query(
        `INSERT INTO ${T} (cpo_party_id, cdr_id, emsp_party_id, channel, state, queued_at, next_attempt_at, stream_position,
           queue_position)
         VALUES ($1, $2, $3, $4, 'PENDING', $5, $6, $7, $8) ON CONFLICT (cpo_party_id, cdr_id) DO NOTHING`,
        [
          cpoPartyId,
          cdrId,
          emspPartyId,
          event.data.channel,
          event.data.queuedAt,
          event.data.channel === 'WEBHOOK' ? event.data.queuedAt : null,
          event.streamPosition,
          event.globalPosition,
        ],
      );
      if (rowCount > 0 && event.data.channel === 'WEBHOOK') await deadline(event.data.queuedAt);
      return;
    }
    case 'CdrDelivered': {
      const { rowCount } = await tx.query(
        `UPDATE ${T} SET state = 'DELIVERED', attempts = GREATEST(attempts, $4), delivered_at = $5, next_attempt_at = NULL,
           stream_position = $3
         WHERE cpo_party_id = $1 AND cdr_id = $2 AND stream_position < $3`,
        [...key, event.data.attempt, event.data.deliveredAt],
      );
      if (rowCount === 0) return;
      await cancelDeadlines(tx, CDR_SCHEMA, [event.streamName]);
      // The EVSP answers again: what waits for it is due now (store-and-forward drains on recovery).
      if (event.data.channel === 'WEBHOOK') await wakeQueue(tx, emspPartyId, event.data.deliveredAt, event.streamName);
      return;
    }
    case 'CdrDeliveryAttemptFailed': {
      const { rowCount } = await tx.query(
        `UPDATE ${T} SET state = CASE WHEN state = 'UNDELIVERED' THEN state ELSE 'RETRYING' END, attempts = $4,
           last_error = $5, next_attempt_at = $6, stream_position = $3
         WHERE cpo_party_id = $1 AND cdr_id = $2 AND stream_position < $3`,
        [...key, event.data.attempt, event.data.error, event.data.nextAttemptAt],
      );
      if (rowCount > 0) await deadline(event.data.nextAttemptAt);
      return;
    }
    case 'CdrDeliveryAttemptDeferred': {
      const { rowCount } = await tx.query(
        `UPDATE ${T} SET next_attempt_at = $4, stream_position = $3
         WHERE cpo_party_id = $1 AND cdr_id = $2 AND stream_position < $3`,
        [...key, event.data.nextAttemptAt],
      );
      if (rowCount > 0) await deadline(event.data.nextAttemptAt);
      return;
    }
    case 'CdrDeliveryStalled': {
      const { rowCount } = await tx.query(
        `UPDATE ${T} SET state = 'UNDELIVERED', stalled_at = $4, stream_position = $3
         WHERE cpo_party_id = $1 AND cdr_id = $2 AND stream_position < $3`,
        [...key, event.data.stalledAt],
      );
      // An UNDELIVERED head no longer holds its EVSP's queue: the next records go now (it keeps its own retries).
      if (rowCount > 0) await wakeQueue(tx, emspPartyId, event.data.stalledAt, event.streamName);
      return;
    }
    case 'CdrDeliveryRetryRequested': {
      const { rowCount } = await tx.query(
        `UPDATE ${T} SET next_attempt_at = $4, stream_position = $3
         WHERE cpo_party_id = $1 AND cdr_id = $2 AND stream_position < $3`,
        [...key, event.data.requestedAt],
      );
      if (rowCount > 0) await deadline(event.data.requestedAt);
      return;
    }
    case 'CdrAcknowledged': {
      const { rowCount } = await tx.query(
        `UPDATE ${T} SET acknowledged_at = $4, state = 'DELIVERED', delivered_at = COALESCE(delivered_at, $4),
           next_attempt_at = NULL, stream_position = $3
         WHERE cpo_party_id = $1 AND cdr_id = $2 AND stream_position < $3`,
        [...key, event.data.acknowledgedAt],
      );
      if (rowCount === 0) return;
      await cancelDeadlines(tx, CDR_SCHEMA, [event.streamName]);
      await wakeQueue(tx, emspPartyId, event.data.acknowledgedAt, event.streamName);
      return;
    }
  }
}

/** Every other due attempt of the EVSP becomes due at `at` (those waiting behind a head that no longer holds it). */
async function wakeQueue(tx: SqlExecutor, emspPartyId: string, at: string, except: string): Promise<void> {
  await tx.query(
    `UPDATE ${CDR_SCHEMA}.deadlines SET due_at = LEAST(due_at, $2::timestamptz), attempts = 0
     WHERE kind = $1 AND due_at > $2::timestamptz AND deadline_key <> $3`,
    [webhookDeadlineKind(emspPartyId), at, except],
  );
}
