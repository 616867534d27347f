import { type EventMetadata, type EventStore, loadState, type SqlExecutor } from '@roaming/event-store';
import { CLEARING_HOUSE_NAMESPACE, uuidV5 } from '@roaming/shared-kernel';
import {
  type CdrReconciliationCommand,
  type CdrReconciliationEvent,
  type CdrReconciliationState,
  cdrReconciliationDecider,
  cdrReconciliationStream,
} from '../../../reconciliation/domain';
import type { CdrRecord } from '../../domain';

/** The reconciliation of the record a revision replaces, as its stream holds it in the intake's transaction. */
export interface RevisedReconciliation {
  stream: string;
  state: CdrReconciliationState;
  version: number;
}

/**
 * Reads, for every revision among the records, the reconciliation of the record it replaces from its stream, in the
 * intake's transaction. Not from the reconciliations table: that projection trails the stream, so an approval made a
 * moment earlier was not seen there and the revision of an approved record got through (review finding 10).
 */
export async function revisedReconciliations(
  store: EventStore,
  tx: SqlExecutor,
  records: readonly CdrRecord[],
): Promise<Map<number, RevisedReconciliation>> {
  const loaded = new Map<number, RevisedReconciliation>();
  for (const [index, record] of records.entries()) {
    if (!record.revisionOf) continue;
    const stream = cdrReconciliationStream(record.cpoPartyId, record.revisionOf);
    const { state, version } = await loadState(store, stream, cdrReconciliationDecider, tx);
    loaded.set(index, { stream, state, version });
  }
  return loaded;
}

/**
 * Records a forwarded revision on the replaced record's reconciliation stream (REVISED), in the intake's transaction
 * and at the version read before the revision was judged. An approval racing it then fails its own expected version
 * and, retried, finds the record revised (CDR_REVISED); or the approval got there first and this append fails, the
 * intake is retried and refuses the revision (CDR_REVISION_NOT_ALLOWED). Either way one of the two wins, never both.
 * A record whose reconciliation the process manager has not opened yet is opened here; the manager's own opening
 * and revision later find them done (the decider answers both with nothing).
 */
export async function recordRevision(
  store: EventStore,
  tx: SqlExecutor,
  revision: { record: CdrRecord; emspPartyId: string; reconciliation: RevisedReconciliation; now: string },
  metadata: EventMetadata,
): Promise<void> {
  const { record, emspPartyId, reconciliation, now } = revision;
  const revisionOf = record.revisionOf as string;
  const commands: CdrReconciliationCommand[] = [
    { type: 'OpenReconciliation', data: { cdrId: revisionOf, cpoPartyId: record.cpoPartyId, emspPartyId, now } },
    { type: 'ReviseCdr', data: { revisionCdrId: record.cdrId, now } },
  ];
  let state = reconciliation.state;
  const events: CdrReconciliationEvent[] = [];
  for (const command of commands) {
    for (const event of cdrReconciliationDecider.decide(command, state)) {
      events.push(event);
      state = cdrReconciliationDecider.evolve(state, event);
    }
  }
  if (events.length === 0) return;
  await store.append(
    reconciliation.stream,
    events.map((event, i) => ({
      type: event.type,
      data: event.data,
      metadata,
      // A function of the revision: the same revision decided again (a retried transaction) appends the same ids.
      messageId: uuidV5(`${reconciliation.stream}:revision:${record.cdrId}:${i}`, CLEARING_HOUSE_NAMESPACE),
    })),
    { tx, expectedVersion: reconciliation.version },
  );
}
