import { Logger } from '@nestjs/common';
import { CheckpointedProcessor, type EventStore, handleCommand, type RecordedEvent } from '@roaming/event-store';
import { type Clock, DomainError } from '@roaming/shared-kernel';
import { CDR_CATEGORY, type CdrForwarded } from '../../cdr/domain';
import { handleNewStreams, type NewStreamCommand } from '../../delivery/process/new-streams';
import { cdrReconciliationDecider, cdrReconciliationStream, type OpenReconciliation } from '../domain';

export const CDR_RECONCILIATION_PM_ID = 'cdr-forwarding.reconciliation:v1';

/**
 * Every forwarded record opens its reconciliation (IEC 63119-2 6.4.2; one appendMany per batch); a forwarded record
 * with `revisionOf` (the CPO's revised record after a dispute, through the normal intake) then moves the record it
 * replaces to REVISED. Runs in the checkpoint's transaction. A revision of an APPROVED record (it passed the intake's
 * check on the asynchronously updated reconciliation table: review finding 10) is recorded on the original's stream
 * as CdrRevisionRefused, which tells both parties and flags the record for the operator; a revision of a record
 * already revised by another one is logged and skipped. Either way the revised record itself is forwarded and
 * reconciled.
 */
export function cdrReconciliationProcessManager(store: EventStore, clock: Clock): CheckpointedProcessor {
  const logger = new Logger(`ProcessManager ${CDR_RECONCILIATION_PM_ID}`);
  return new CheckpointedProcessor({
    processorId: CDR_RECONCILIATION_PM_ID,
    store,
    categories: [CDR_CATEGORY],
    types: ['CdrForwarded'],
    batchSize: 500,
    logger,
    handle: async (events, tx) => {
      const now = clock.now().toISOString();
      const forwarded = events
        .filter((e) => e.type === 'CdrForwarded')
        .map((e) => e as RecordedEvent<'CdrForwarded', CdrForwarded['data'] & { revisionOf?: string | null }>);
      const opens: NewStreamCommand<OpenReconciliation>[] = forwarded.map((event) => ({
        stream: cdrReconciliationStream(event.data.cpoPartyId, event.data.cdrId),
        command: {
          type: 'OpenReconciliation',
          data: {
            cdrId: event.data.cdrId,
            cpoPartyId: event.data.cpoPartyId,
            emspPartyId: event.data.emspPartyId,
            now,
          },
        },
        idempotencyKey: `${event.messageId}:open`,
        metadata: { actor: 'hub:cdr-reconciliation', causationId: event.messageId },
      }));
      await handleNewStreams(store, cdrReconciliationDecider, opens, tx);
      for (const event of forwarded) {
        const { cdrId, cpoPartyId, revisionOf } = event.data;
        if (!revisionOf) continue;
        try {
          await handleCommand(
            store,
            cdrReconciliationStream(cpoPartyId, revisionOf),
            cdrReconciliationDecider,
            { type: 'ReviseCdr', data: { revisionCdrId: cdrId, now } },
            {
              tx,
              idempotencyKey: `${event.messageId}:revise`,
              metadata: { actor: 'hub:cdr-reconciliation', causationId: event.messageId },
            },
          );
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          logger.warn(`revision ${cdrId} of ${cpoPartyId}/${revisionOf} not applied: ${error.code}`);
        }
      }
    },
  });
}
