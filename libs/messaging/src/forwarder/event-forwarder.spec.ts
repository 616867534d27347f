import { InMemoryEventStore, PgliteDatabase, type RecordedEvent, runMigrations, START } from '@roaming/event-store';
import { waitFor } from '@roaming/testing';
import { randomUUID } from 'crypto';
import { messagingMigrations } from '../consumer/messaging.migrations';
import { InProcessMessageBus } from '../in-process/in-process-message-bus';
import { HEADER, type InboundMessage, MessageBus, type OutboundMessage } from '../message-bus.port';
import { EventForwarder } from './event-forwarder';
import { integrationMessage, integrationMessageId } from './integration-message';

const TOPIC = 'contract-registry.events.v1';

/** Registered contracts become one integration message; suspensions two; anything else none. */
const map = (event: RecordedEvent): OutboundMessage[] => {
  const spec = (type: string) => ({ topic: TOPIC, type, schemaVersion: 1, value: event.data });
  if (event.type === 'ContractRegistered') return [integrationMessage(event, 0, spec('ContractRegistered'))];
  if (event.type === 'ContractSuspended') {
    return [
      integrationMessage(event, 0, spec('ContractSuspended')),
      integrationMessage(event, 1, spec('TokenBlocked')),
    ];
  }
  return [];
};

describe('EventForwarder', () => {
  let db: PgliteDatabase;
  let store: InMemoryEventStore;
  let bus: InProcessMessageBus;
  let received: InboundMessage[];
  let forwarder: EventForwarder | undefined;

  beforeAll(async () => {
    db = await PgliteDatabase.open();
    await runMigrations(db, messagingMigrations);
  });
  afterAll(() => db.close());

  beforeEach(async () => {
    store = new InMemoryEventStore();
    bus = new InProcessMessageBus({ database: db });
    received = [];
    await bus.subscribe({
      groupId: `settlement-${randomUUID()}`,
      topics: [TOPIC],
      handler: async (m) => void received.push(m),
    });
  });
  afterEach(async () => {
    await forwarder?.stop();
    forwarder = undefined;
    await bus.close();
  });

  const newForwarder = (overrides: Partial<ConstructorParameters<typeof EventForwarder>[0]> = {}) =>
    new EventForwarder({
      processorId: 'kafka-forwarder:contract-registry',
      store,
      bus,
      categories: ['contract'],
      map,
      ...overrides,
    });

  it('publishes the mapped messages of the categories in commit order with stable ids and headers', async () => {
    await store.append('contract-1', [
      { type: 'ContractRegistered', data: { emaid: 'DE-ABC-C12345678-X' }, metadata: { correlationId: 'corr-1' } },
    ]);
    await store.append('tariff-1', [{ type: 'TariffPublished', data: {} }]);
    await store.append('contract-1', [{ type: 'ContractSuspended', data: { reason: 'fraud' } }]);
    await store.append('contract-2', [{ type: 'ContractNoteAdded', data: {} }]);
    const [registered, suspended] = await store.readStream('contract-1');

    forwarder = newForwarder({ batchSize: 2 });
    expect(await forwarder.catchUp()).toBe(3);

    expect(received.map((m) => [m.key, m.headers[HEADER.type]])).toEqual([
      ['contract-1', 'ContractRegistered'],
      ['contract-1', 'ContractSuspended'],
      ['contract-1', 'TokenBlocked'],
    ]);
    expect(received[0].headers).toEqual({
      [HEADER.messageId]: integrationMessageId(registered, 0),
      [HEADER.type]: 'ContractRegistered',
      [HEADER.schemaVersion]: '1',
      [HEADER.correlationId]: 'corr-1',
      [HEADER.causationId]: registered.messageId,
    });
    expect(received[2].headers[HEADER.messageId]).toBe(integrationMessageId(suspended, 1));
    expect(JSON.parse(received[1].rawValue)).toEqual({ reason: 'fraud' });
    const last = (await store.readStream('contract-2'))[0];
    expect(await forwarder.checkpoint()).toEqual({
      transactionId: last.transactionId,
      globalPosition: last.globalPosition,
    });
  });

  it('keeps its checkpoint when publishing fails, and forwards the same batch once the bus is back', async () => {
    await store.append('contract-1', [{ type: 'ContractRegistered', data: {} }]);
    let failing = true;
    const flaky = new (class extends MessageBus {
      publish = (messages: readonly OutboundMessage[]) =>
        failing ? Promise.reject(new Error('broker down')) : bus.publish(messages);
      subscribe = bus.subscribe.bind(bus);
      close = () => Promise.resolve();
    })();
    forwarder = newForwarder({ bus: flaky });

    await expect(forwarder.catchUp()).rejects.toThrow('broker down');
    expect(await forwarder.checkpoint()).toEqual(START);
    expect(received).toEqual([]);

    failing = false;
    expect(await forwarder.catchUp()).toBe(1);
    expect(received).toHaveLength(1);
  });

  it('re-sends the same message ids when restarted from an older checkpoint, which the consumer dedupes', async () => {
    await store.append('contract-1', [{ type: 'ContractRegistered', data: {} }]);
    const published: OutboundMessage[] = [];
    const recording = new (class extends MessageBus {
      publish = async (messages: readonly OutboundMessage[]) => {
        published.push(...messages);
        await bus.publish(messages);
      };
      subscribe = bus.subscribe.bind(bus);
      close = () => Promise.resolve();
    })();
    forwarder = newForwarder({ bus: recording });
    await forwarder.catchUp();
    const moved = await forwarder.checkpoint();

    // As if the process had crashed after the broker's ack but before the checkpoint commit.
    expect(await store.advanceCheckpoint('kafka-forwarder:contract-registry', moved, START)).toBe(true);
    const restarted = newForwarder({ bus: recording });
    expect(await restarted.catchUp()).toBe(1);

    expect(published).toHaveLength(2);
    expect(published[1].headers[HEADER.messageId]).toBe(published[0].headers[HEADER.messageId]);
    expect(received).toHaveLength(1);
  });

  it('refuses a mapping without message-id instead of inventing a random one', async () => {
    await store.append('contract-1', [{ type: 'ContractRegistered', data: {} }]);
    forwarder = newForwarder({
      map: () => [{ topic: TOPIC, key: 'k', value: {}, headers: { [HEADER.type]: 'ContractRegistered' } }],
    });

    await expect(forwarder.catchUp()).rejects.toThrow(/without message-id header/);
    expect(await forwarder.checkpoint()).toEqual(START);
  });

  it('forwards events appended while it runs, and stops', async () => {
    forwarder = newForwarder({ pollIntervalMs: 60_000 });
    forwarder.start();

    // The long poll interval shows that the append itself wakes the forwarder.
    await store.append('contract-9', [{ type: 'ContractRegistered', data: {} }]);
    await waitFor(() => received.length === 1, { description: 'the appended event to be forwarded' });

    await forwarder.stop();
    const [event] = await store.readStream('contract-9');
    expect(await forwarder.checkpoint()).toEqual({
      transactionId: event.transactionId,
      globalPosition: event.globalPosition,
    });
  });
});
