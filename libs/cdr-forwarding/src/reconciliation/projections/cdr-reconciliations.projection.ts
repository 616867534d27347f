import { Logger } from '@nestjs/common';
import { CheckpointedProcessor, type EventStore, type RecordedEvent } from '@roaming/event-store';
import { CDR_SCHEMA } from '../../registry-view/registry-view.migrations';
import { CDR_RECONCILIATION_CATEGORY, type CdrReconciliationEvent, type CdrReconciliationOpened } from '../domain';

export const CDR_RECONCILIATIONS_PROCESSOR_ID = 'cdr-forwarding.reconciliations:v1';

/** Projects reconciliation streams into `cdr.cdr_reconciliations`; rows remember their stream position (replays skip). */
export function cdrReconciliationsProjection(store: EventStore): CheckpointedProcessor {
  return new CheckpointedProcessor({
    processorId: CDR_RECONCILIATIONS_PROCESSOR_ID,
    store,
    categories: [CDR_RECONCILIATION_CATEGORY],
    logger: new Logger(`Projection ${CDR_RECONCILIATIONS_PROCESSOR_ID}`),
    handle: async (events, tx) => {
      const all = events as (RecordedEvent & CdrReconciliationEvent)[];
      // Every forwarded record opens one: the batch's openings go in with one statement (each stream's opening comes
      // before its other events, so the changes below find their rows).
      const opened = all.filter(
        (e): e is RecordedEvent & CdrReconciliationOpened => e.type === 'CdrReconciliationOpened',
      );
      if (opened.length > 0) {
        await tx.query(
          `INSERT INTO ${CDR_SCHEMA}.cdr_reconciliations
             (cpo_party_id, cdr_id, emsp_party_id, state, updated_at, stream_position)
           SELECT x.cpo, x.cdr, x.emsp, 'OPEN', x.at, x.pos
           FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::bigint[]) AS x(cpo, cdr, emsp, at, pos)
           ON CONFLICT (cpo_party_id, cdr_id) DO NOTHING`,
          [
            opened.map((e) => e.data.cpoPartyId),
            opened.map((e) => e.data.cdrId),
            opened.map((e) => e.data.emspPartyId),
            opened.map((e) => e.data.openedAt),
            opened.map((e) => e.streamPosition),
          ],
        );
      }
      for (const event of all) {
        const { cpoPartyId, cdrId } = event.data;
        if (event.type === 'CdrReconciliationOpened') continue;
        if (event.type === 'CdrRevisionRefused') {
          // The state stays (APPROVED); the latest refused revision is flagged.
          await tx.query(
            `UPDATE ${CDR_SCHEMA}.cdr_reconciliations SET refused_revision_cdr_id = $4, revision_refused_at = $5,
               stream_position = $3
             WHERE cpo_party_id = $1 AND cdr_id = $2 AND stream_position < $3`,
            [cpoPartyId, cdrId, event.streamPosition, event.data.revisionCdrId, event.data.refusedAt],
          );
          continue;
        }
        const change = changeOf(event);
        if (!change) continue;
        await tx.query(
          `UPDATE ${CDR_SCHEMA}.cdr_reconciliations SET state = $4, reason_code = COALESCE($5, reason_code),
             reason = COALESCE($6, reason), revision_cdr_id = COALESCE($7, revision_cdr_id),
             disputed = disputed OR $4 = 'DECLINED', updated_at = $8, stream_position = $3
           WHERE cpo_party_id = $1 AND cdr_id = $2 AND stream_position < $3`,
          [cpoPartyId, cdrId, event.streamPosition, ...change],
        );
      }
    },
  });
}

function changeOf(
  event: CdrReconciliationEvent,
): [string, string | null, string | null, string | null, string] | undefined {
  switch (event.type) {
    case 'CdrApproved':
      return ['APPROVED', null, null, null, event.data.approvedAt];
    case 'CdrDisputed':
      return ['DECLINED', event.data.reasonCode, event.data.reason, null, event.data.disputedAt];
    case 'CdrDisputeRejected':
      return ['REJECTED', null, event.data.reason, null, event.data.rejectedAt];
    case 'CdrRevised':
      return ['REVISED', null, null, event.data.revisionCdrId, event.data.revisedAt];
    default:
      return undefined;
  }
}
