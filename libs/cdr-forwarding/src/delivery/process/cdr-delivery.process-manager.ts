import { Logger } from '@nestjs/common';
import { CheckpointedProcessor, type EventStore, handleCommand, type RecordedEvent } from '@roaming/event-store';
import type { Clock } from '@roaming/shared-kernel';
import { CDR_CATEGORY, type CdrForwarded } from '../../cdr/domain';
import { cdrDeliveryDecider, cdrDeliveryStream, type QueueCdrDelivery } from '../domain';
import { webhookUrlOf } from '../webhook/cdr-webhook.dispatcher';

export const CDR_DELIVERY_PM_ID = 'cdr-forwarding.delivery-queue:v1';

/**
 * The store is the outbox: every CdrForwarded enters the EVSP's delivery queue, in the checkpoint's transaction
 * (queue entry and checkpoint commit together; a replay meets the existing stream and decides nothing). The channel
 * is chosen now: WEBHOOK when the EVSP has a webhookUrl, else TOPIC (its outbound topic and pull, already done by
 * the forwarder).
 */
export function cdrDeliveryProcessManager(store: EventStore, clock: Clock): CheckpointedProcessor {
  return new CheckpointedProcessor({
    processorId: CDR_DELIVERY_PM_ID,
    store,
    categories: [CDR_CATEGORY],
    batchSize: 200,
    logger: new Logger(`ProcessManager ${CDR_DELIVERY_PM_ID}`),
    handle: async (events, tx) => {
      // One registry lookup per EVSP and batch.
      const webhooks = new Map<string, Promise<string | null>>();
      for (const event of events) {
        if (event.type !== 'CdrForwarded') continue;
        const { cdrId, cpoPartyId, emspPartyId } = (event as RecordedEvent<'CdrForwarded', CdrForwarded['data']>).data;
        if (!webhooks.has(emspPartyId)) webhooks.set(emspPartyId, webhookUrlOf(tx, emspPartyId));
        const url = await webhooks.get(emspPartyId);
        const command: QueueCdrDelivery = {
          type: 'QueueCdrDelivery',
          data: { cdrId, cpoPartyId, emspPartyId, channel: url ? 'WEBHOOK' : 'TOPIC', now: clock.now().toISOString() },
        };
        await handleCommand(store, cdrDeliveryStream(cpoPartyId, cdrId), cdrDeliveryDecider, command, {
          tx,
          // Normally new: decide without reading it (a replay finds it and decides again, on its history).
          newStream: true,
          idempotencyKey: event.messageId,
          metadata: { actor: 'hub:cdr-delivery', causationId: event.messageId, correlationId: event.messageId },
        });
      }
    },
  });
}
