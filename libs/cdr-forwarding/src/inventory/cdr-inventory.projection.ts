import { Logger } from '@nestjs/common';
import { CheckpointedProcessor, type EventStore, type RecordedEvent, type SqlExecutor } from '@roaming/event-store';
import { CDR_CATEGORY, type CdrDeliveryChannel, type CdrReceipt } from '../cdr/domain';
import { CDR_DELIVERY_CATEGORY } from '../delivery/domain';
import { CDR_RECONCILIATION_CATEGORY } from '../reconciliation/domain';
import { CDR_SCHEMA } from '../registry-view/registry-view.migrations';

export const CDR_INVENTORY_PROCESSOR_ID = 'cdr-forwarding.inventory:v1';

const T = `${CDR_SCHEMA}.cdr_inventory`;

type Data = {
  cdrId: string;
  cpoPartyId: string;
  emspPartyId?: string;
  receivedAt?: string;
  totalCost?: { amount: string; currency: string };
  /** CdrForwarded: it is also the receipt (accepted at first sight), and the channel the intake chose. */
  receipt?: CdrReceipt;
  deliveryChannel?: CdrDeliveryChannel;
};

/**
 * The SDR reconciliation inventory (IEC 63119-2): every received record (CdrReceived, or a CdrForwarded carrying
 * its receipt), its outcome (CdrForwarded = accepted, CdrRejected), its delivery (CdrDelivered by webhook or topic,
 * a CdrForwarded the intake routed to the EVSP's topic, CdrAcknowledged) and whether the EVSP
 * disputed it, from the events of three categories in commit order. Every write is idempotent (flags and upserts),
 * so a replayed batch changes nothing. A record rejected and later accepted under the same id counts once, as
 * accepted.
 */
export function cdrInventoryProjection(store: EventStore): CheckpointedProcessor {
  return new CheckpointedProcessor({
    processorId: CDR_INVENTORY_PROCESSOR_ID,
    store,
    categories: [CDR_CATEGORY, CDR_DELIVERY_CATEGORY, CDR_RECONCILIATION_CATEGORY],
    // The cases of project() below; the rest of the three categories (queueing, attempts, approvals...) is passed over.
    types: ['CdrReceived', 'CdrForwarded', 'CdrRejected', 'CdrDelivered', 'CdrAcknowledged', 'CdrDisputed'],
    batchSize: 1000,
    logger: new Logger(`Projection ${CDR_INVENTORY_PROCESSOR_ID}`),
    handle: (events, tx) => project(events as RecordedEvent<string, Data>[], tx),
  });
}

type Key = [cpoPartyId: string, cdrId: string];

/**
 * A batch in a fixed number of set-based statements. Order within the batch does not matter beyond what is kept
 * here: a record's CdrReceived comes before anything else of it (inserted first; of two receipts the last counts),
 * an acceptance wins over a rejection whatever their order, and the flags only ever turn true.
 */
async function project(events: readonly RecordedEvent<string, Data>[], tx: SqlExecutor): Promise<void> {
  const received = new Map<string, { key: Key; at: string; currency: string; amount: string }>();
  const rejected = new Map<string, { key: Key; emsp: string | null }>();
  const accepted = new Map<string, { key: Key; emsp: string }>();
  const flags = {
    delivered: new Map<string, Key>(),
    acknowledged: new Map<string, Key>(),
    disputed: new Map<string, Key>(),
  };
  for (const event of events) {
    const key: Key = [event.data.cpoPartyId, event.data.cdrId];
    const id = `${key[0]}\u0000${key[1]}`;
    const receive = (receivedAt: string | undefined) => {
      const cost = event.data.totalCost ?? { amount: '0', currency: 'XXX' };
      const first = received.get(id)?.at ?? receivedAt ?? event.recordedAt;
      received.set(id, { key, at: first, currency: cost.currency, amount: cost.amount });
    };
    switch (event.type) {
      case 'CdrReceived':
        receive(event.data.receivedAt);
        break;
      case 'CdrForwarded':
        if (event.data.receipt) receive(event.data.receipt.receivedAt);
        accepted.set(id, { key, emsp: event.data.emspPartyId ?? '' });
        if (event.data.deliveryChannel === 'TOPIC') flags.delivered.set(id, key);
        break;
      case 'CdrRejected':
        rejected.set(id, { key, emsp: event.data.emspPartyId ?? null });
        break;
      case 'CdrDelivered':
        flags.delivered.set(id, key);
        break;
      case 'CdrAcknowledged':
        flags.delivered.set(id, key);
        flags.acknowledged.set(id, key);
        break;
      case 'CdrDisputed':
        flags.disputed.set(id, key);
        break;
      default:
        break;
    }
  }
  const column = <T>(rows: Iterable<T>, pick: (row: T) => unknown) => [...rows].map(pick);
  if (received.size > 0) {
    const rows = [...received.entries()].map(([id, row]) => ({
      ...row,
      id,
      accepted: accepted.get(id),
      delivered: flags.delivered.has(id),
    }));
    // A record received and accepted in one batch (the usual case: one append) is written once, accepted (and
    // delivered, when the intake routed it to the EVSP's topic).
    for (const row of rows) if (row.accepted) accepted.delete(row.id);
    const { rows: written } = await tx.query<{ cpo_party_id: string; cdr_id: string }>(
      `INSERT INTO ${T} AS t (cpo_party_id, cdr_id, received_at, currency, amount, outcome, emsp_party_id, delivered)
       SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[], $5::numeric[], $6::text[],
         $7::text[], $8::boolean[])
       ON CONFLICT (cpo_party_id, cdr_id) DO UPDATE SET currency = EXCLUDED.currency, amount = EXCLUDED.amount,
         outcome = COALESCE(EXCLUDED.outcome, t.outcome), emsp_party_id = COALESCE(EXCLUDED.emsp_party_id, t.emsp_party_id),
         delivered = t.delivered OR EXCLUDED.delivered
         WHERE t.outcome IS DISTINCT FROM 'ACCEPTED'
       RETURNING cpo_party_id, cdr_id`,
      [
        column(rows, (r) => r.key[0]),
        column(rows, (r) => r.key[1]),
        column(rows, (r) => r.at),
        column(rows, (r) => r.currency),
        column(rows, (r) => r.amount),
        column(rows, (r) => (r.accepted ? 'ACCEPTED' : null)),
        column(rows, (r) => r.accepted?.emsp ?? null),
        column(rows, (r) => r.delivered),
      ],
    );
    // The rows written carry their delivered flag already; the others (already accepted) get it below.
    for (const row of written) flags.delivered.delete(`${row.cpo_party_id}\u0000${row.cdr_id}`);
  }
  if (rejected.size > 0) {
    const rows = [...rejected.values()];
    await tx.query(
      `UPDATE ${T} AS t SET outcome = CASE WHEN t.outcome = 'ACCEPTED' THEN t.outcome ELSE 'REJECTED' END,
         emsp_party_id = COALESCE(t.emsp_party_id, x.emsp)
       FROM unnest($1::text[], $2::text[], $3::text[]) AS x(cpo, cdr, emsp)
       WHERE t.cpo_party_id = x.cpo AND t.cdr_id = x.cdr`,
      [column(rows, (r) => r.key[0]), column(rows, (r) => r.key[1]), column(rows, (r) => r.emsp)],
    );
  }
  if (accepted.size > 0) {
    const rows = [...accepted.values()];
    await tx.query(
      `UPDATE ${T} AS t SET outcome = 'ACCEPTED', emsp_party_id = x.emsp
       FROM unnest($1::text[], $2::text[], $3::text[]) AS x(cpo, cdr, emsp)
       WHERE t.cpo_party_id = x.cpo AND t.cdr_id = x.cdr`,
      [column(rows, (r) => r.key[0]), column(rows, (r) => r.key[1]), column(rows, (r) => r.emsp)],
    );
  }
  for (const [flag, keys] of Object.entries(flags)) {
    if (keys.size === 0) continue;
    await tx.query(
      `UPDATE ${T} AS t SET ${flag} = true FROM unnest($1::text[], $2::text[]) AS x(cpo, cdr)
       WHERE t.cpo_party_id = x.cpo AND t.cdr_id = x.cdr AND NOT t.${flag}`,
      [column(keys.values(), (k) => k[0]), column(keys.values(), (k) => k[1])],
    );
  }
}
