import { Logger } from '@nestjs/common';
import { CheckpointedProcessor, type EventStore, type RecordedEvent } from '@roaming/event-store';
import type { Clock } from '@roaming/shared-kernel';
import { CDR_CATEGORY, type CdrForwarded } from '../../cdr/domain';
import { cdrDeliveryDecider, cdrDeliveryStream, type QueueCdrDelivery } from '../domain';
import { webhookUrlOf } from '../webhook/cdr-webhook.dispatcher';
import { handleNewStreams, type NewStreamCommand } from './new-streams';

export const CDR_DELIVERY_PM_ID = 'cdr-forwarding.delivery-queue:v1';

/**
 * The store is the outbox: a CdrForwarded for an EVSP with a webhook enters its delivery queue, in the checkpoint's
 * transaction (queue entries and checkpoint commit together; a replay meets the existing streams and decides
 * nothing). One appendMany per batch. The intake chose the channel (CdrForwarded.deliveryChannel): a TOPIC record
 * is delivered by the forwarder (its outbound topic) and pull, and gets no delivery stream until its EVSP
 * acknowledges it (the deliveries projection and the inventory read its CdrForwarded). For older events without a
 * channel it is chosen here, as it was: WEBHOOK when the EVSP has a webhookUrl, else TOPIC.
 */
export function cdrDeliveryProcessManager(store: EventStore, clock: Clock): CheckpointedProcessor {
  return new CheckpointedProcessor({
    processorId: CDR_DELIVERY_PM_ID,
    store,
    categories: [CDR_CATEGORY],
    types: ['CdrForwarded'],
    batchSize: 500,
    logger: new Logger(`ProcessManager ${CDR_DELIVERY_PM_ID}`),
    handle: async (events, tx) => {
      const webhooks = new Map<string, string | null>();
      const commands: NewStreamCommand<QueueCdrDelivery>[] = [];
      const now = clock.now().toISOString();
      for (const event of events) {
        if (event.type !== 'CdrForwarded') continue;
        const { cdrId, cpoPartyId, emspPartyId, deliveryChannel } = (
          event as RecordedEvent<'CdrForwarded', CdrForwarded['data']>
        ).data;
        if (deliveryChannel === 'TOPIC') continue;
        if (deliveryChannel === undefined && !webhooks.has(emspPartyId)) {
          webhooks.set(emspPartyId, await webhookUrlOf(tx, emspPartyId));
        }
        const channel = deliveryChannel ?? (webhooks.get(emspPartyId) ? 'WEBHOOK' : 'TOPIC');
        commands.push({
          stream: cdrDeliveryStream(cpoPartyId, cdrId),
          command: { type: 'QueueCdrDelivery', data: { cdrId, cpoPartyId, emspPartyId, channel, now } },
          idempotencyKey: event.messageId,
          metadata: { actor: 'hub:cdr-delivery', causationId: event.messageId, correlationId: event.messageId },
        });
      }
      await handleNewStreams(store, cdrDeliveryDecider, commands, tx);
    },
  });
}
