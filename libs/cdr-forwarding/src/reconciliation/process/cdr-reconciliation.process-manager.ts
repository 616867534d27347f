import { Logger } from '@nestjs/common';
import { CheckpointedProcessor, type EventStore, handleCommand, type RecordedEvent } from '@roaming/event-store';
import { type Clock, DomainError } from '@roaming/shared-kernel';
import { CDR_CATEGORY, type CdrForwarded } from '../../cdr/domain';
import { cdrReconciliationDecider, cdrReconciliationStream, type CdrReconciliationCommand } from '../domain';

export const CDR_RECONCILIATION_PM_ID = 'cdr-forwarding.reconciliation:v1';

/**
 * Every forwarded record opens its reconciliation (IEC 63119-2 6.4.2); a forwarded record with `revisionOf` (the
 * CPO's revised record after a dispute, through the normal intake) moves the record it replaces to REVISED.
 * Runs in the checkpoint's transaction; a revision the decider refuses (the original was approved, or already
 * revised by another record) is logged and skipped: the revised record itself is forwarded and reconciled anyway.
 */
export function cdrReconciliationProcessManager(store: EventStore, clock: Clock): CheckpointedProcessor {
  const logger = new Logger(`ProcessManager ${CDR_RECONCILIATION_PM_ID}`);
  return new CheckpointedProcessor({
    processorId: CDR_RECONCILIATION_PM_ID,
    store,
    categories: [CDR_CATEGORY],
    batchSize: 200,
    logger,
    handle: async (events, tx) => {
      for (const event of events) {
        if (event.type !== 'CdrForwarded') continue;
        const data = (event as RecordedEvent<'CdrForwarded', CdrForwarded['data'] & { revisionOf?: string | null }>)
          .data;
        const now = clock.now().toISOString();
        const metadata = { actor: 'hub:cdr-reconciliation', causationId: event.messageId };
        const run = (stream: string, command: CdrReconciliationCommand, key: string, newStream = false) =>
          handleCommand(store, stream, cdrReconciliationDecider, command, {
            tx,
            idempotencyKey: key,
            metadata,
            newStream,
          });
        await run(
          cdrReconciliationStream(data.cpoPartyId, data.cdrId),
          {
            type: 'OpenReconciliation',
            data: { cdrId: data.cdrId, cpoPartyId: data.cpoPartyId, emspPartyId: data.emspPartyId, now },
          },
          `${event.messageId}:open`,
          true,
        );
        if (!data.revisionOf) continue;
        try {
          await run(
            cdrReconciliationStream(data.cpoPartyId, data.revisionOf),
            { type: 'ReviseCdr', data: { revisionCdrId: data.cdrId, now } },
            `${event.messageId}:revise`,
          );
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          logger.warn(`revision ${data.cdrId} of ${data.cpoPartyId}/${data.revisionOf} not applied: ${error.code}`);
        }
      }
    },
  });
}
