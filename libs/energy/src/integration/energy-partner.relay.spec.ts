import { partnerOutboundTopic, partnerPriorityTopic } from '@roaming/contracts';
import { InMemoryEventStore } from '@roaming/event-store';
import { MessageBus, type OutboundMessage, type Subscription } from '@roaming/messaging';
import type { GridRequestEvent } from '../grid-request/domain/grid-request';
import { energyPartnerRelay } from './energy-partner.relay';

/** A bus that only records what is published, in order. */
class RecordingBus extends MessageBus {
  readonly published: OutboundMessage[] = [];
  async publish(messages: readonly OutboundMessage[]): Promise<void> {
    this.published.push(...messages);
  }
  async subscribe(): Promise<Subscription> {
    return { close: async () => undefined };
  }
  async close(): Promise<void> {}
}

const issued = (requestId: string, priority: 'EMERGENCY' | 'NORMAL'): GridRequestEvent => ({
  type: 'GridRequestIssued',
  data: {
    requestId,
    dsoPartyId: 'DEN01',
    loadAreaId: 'DEN01:LV-1',
    kind: 'CURTAILMENT',
    priority,
    startsAt: '2026-03-01T10:00:00.000Z',
    endsAt: '2026-03-01T11:00:00.000Z',
    limitW: 1000,
    reductionW: null,
    targets: [{ cpoPartyId: 'DEABC', evseIds: ['DE*ABC*E1'] }],
    issuedAt: '2026-03-01T10:00:00.000Z',
    respondBy: '2026-03-01T10:01:00.000Z',
  },
});

describe('grid request relay (GeM 1572 high priority; IEC 63110 B.6: long messages shall not block urgent ones)', () => {
  it('delivers an emergency request ahead of the normal ones queued before it, on the priority topic', async () => {
    const store = new InMemoryEventStore();
    const bus = new RecordingBus();
    for (const [id, priority] of [
      ['n-1', 'NORMAL'],
      ['n-2', 'NORMAL'],
      ['e-1', 'EMERGENCY'],
      ['n-3', 'NORMAL'],
    ] as const) {
      const event = issued(id, priority);
      await store.append(`gridRequest-${id}`, [{ type: event.type, data: event.data }]);
    }
    const relay = energyPartnerRelay({
      processorId: 'relay:test',
      store,
      bus,
      categories: ['gridRequest'],
      firstOf: (event) => (event.data as { priority?: string }).priority === 'EMERGENCY',
    });
    await relay.catchUp();
    expect(bus.published.map((m) => [m.topic, (m.value as { data: { requestId: string } }).data.requestId])).toEqual([
      [partnerPriorityTopic('DEABC'), 'e-1'],
      [partnerOutboundTopic('DEABC'), 'n-1'],
      [partnerOutboundTopic('DEABC'), 'n-2'],
      [partnerOutboundTopic('DEABC'), 'n-3'],
    ]);
  });
});
