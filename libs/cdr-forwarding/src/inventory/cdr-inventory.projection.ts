import { Logger } from '@nestjs/common';
import { CheckpointedProcessor, type EventStore, type RecordedEvent, type SqlExecutor } from '@roaming/event-store';
import { CDR_CATEGORY } from '../cdr/domain';
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
};

/**
 * The SDR reconciliation inventory (IEC 63119-2): every received record (CdrReceived), its outcome (CdrForwarded =
 * accepted, CdrRejected), its delivery (CdrDelivered by webhook or topic, CdrAcknowledged) and whether the EVSP
 * disputed it, from the events of three categories in commit order. Every write is idempotent (flags and upserts),
 * so a replayed batch changes nothing. A record rejected and later accepted under the same id counts once, as
 * accepted.
 */
export function cdrInventoryProjection(store: EventStore): CheckpointedProcessor {
  return new CheckpointedProcessor({
    processorId: CDR_INVENTORY_PROCESSOR_ID,
    store,
    categories: [CDR_CATEGORY, CDR_DELIVERY_CATEGORY, CDR_RECONCILIATION_CATEGORY],
    batchSize: 500,
    logger: new Logger(`Projection ${CDR_INVENTORY_PROCESSOR_ID}`),
    handle: async (events, tx) => {
      for (const event of events) await project(event as RecordedEvent<string, Data>, tx);
    },
  });
}

async function project(event: RecordedEvent<string, Data>, tx: SqlExecutor): Promise<void> {
  const { cpoPartyId, cdrId } = event.data;
  const set = (assignments: string, extra: unknown[] = []) =>
    tx.query(`UPDATE ${T} SET ${assignments} WHERE cpo_party_id = $1 AND cdr_id = $2`, [cpoPartyId, cdrId, ...extra]);
  switch (event.type) {
    case 'CdrReceived': {
      const cost = event.data.totalCost ?? { amount: '0', currency: 'XXX' };
      await tx.query(
        `INSERT INTO ${T} (cpo_party_id, cdr_id, received_at, currency, amount) VALUES ($1, $2, $3, $4, $5::numeric)
         ON CONFLICT (cpo_party_id, cdr_id) DO UPDATE SET currency = EXCLUDED.currency, amount = EXCLUDED.amount
           WHERE ${T}.outcome IS DISTINCT FROM 'ACCEPTED'`,
        [cpoPartyId, cdrId, event.data.receivedAt ?? event.recordedAt, cost.currency, cost.amount],
      );
      return;
    }
    case 'CdrForwarded':
      await set(`outcome = 'ACCEPTED', emsp_party_id = $3`, [event.data.emspPartyId]);
      return;
    case 'CdrRejected':
      await set(
        `outcome = CASE WHEN outcome = 'ACCEPTED' THEN outcome ELSE 'REJECTED' END,
                 emsp_party_id = COALESCE(emsp_party_id, $3)`,
        [event.data.emspPartyId ?? null],
      );
      return;
    case 'CdrDelivered':
      await set('delivered = true');
      return;
    case 'CdrAcknowledged':
      await set('delivered = true, acknowledged = true');
      return;
    case 'CdrDisputed':
      await set('disputed = true');
      return;
    default:
      return;
  }
}
