import { Upcasters } from '../upcasters';
import { eventStoreContract } from '../testing/event-store-contract';
import { InMemoryEventStore } from './in-memory-event-store';

const store = new InMemoryEventStore();
const upcastingStore = new InMemoryEventStore(
  new Upcasters().register('ContractUpcast', 1, (data) => ({
    ...(data as object),
    doubled: (data as { n: number }).n * 2,
  })),
);

eventStoreContract(
  'in-memory',
  async () => ({
    // Both views must share one history, as the SQL adapters share one database.
    store,
    upcastingStore: sharedHistory(store, upcastingStore),
    tamper: async (stream, position, data) => store.tamper(stream, position, (e) => ({ ...e, data })),
  }),
  async () => undefined,
);

/** Reads `store`'s history through the upcasters of `upcasting`. */
function sharedHistory(source: InMemoryEventStore, upcasting: InMemoryEventStore): InMemoryEventStore {
  source.onAppended(() => undefined);
  return new Proxy(upcasting, {
    get(target, prop) {
      if (prop === 'readStream' || prop === 'readAll' || prop === 'verifyStream') {
        return async (...args: unknown[]) => {
          const fn = (source as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[prop];
          const events = await fn.apply(source, args);
          if (prop === 'verifyStream') return events;
          return (events as { type: string; schemaVersion: number; data: unknown }[]).map((e) => {
            const up = (target as unknown as { upcasters: Upcasters }).upcasters.upcast(
              e.type,
              e.schemaVersion,
              e.data,
            );
            return { ...e, ...up };
          });
        };
      }
      return Reflect.get(target, prop);
    },
  });
}
