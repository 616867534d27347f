import { randomUUID } from 'crypto';
import { type EventStoreDBClient, jsonEvent, type JSONType, NO_STREAM } from '@eventstore/db-client';
import { WrongExpectedVersionError } from '../../event-store.port';
import { chainHash, GENESIS_HASH } from '../../hash-chain';
import type { Database } from '../../sql/database';
import type { ContractSubject } from '../../testing/event-store-contract';
import { Upcasters } from '../../upcasters';
import { encodeMetadata } from '../esdb-mapping';
import { EventStoreDbEventStore } from '../eventstoredb-event-store';
import { instrumentedClient, type InstrumentedClient } from './instrumented-client';

export interface EsdbTestBackends {
  client: EventStoreDBClient;
  /** PostgreSQL (pg or PGlite) with `eventStoreDbMigrations` applied. */
  db: Database;
}

const contractUpcasters = () =>
  new Upcasters().register('ContractUpcast', 1, (data) => {
    const { n } = data as { n: number };
    return { n, doubled: n * 2 };
  });

/** The contract suite's subject for the ESDB adapter; `tamper` alters what reads return (see instrumentedClient). */
export function esdbContractSubject({ client, db }: EsdbTestBackends): ContractSubject {
  const instrumented = instrumentedClient(client);
  const effectTable = `esdb_contract_effect_${randomUUID().replace(/-/g, '').slice(0, 10)}`;
  return {
    store: new EventStoreDbEventStore(instrumented.client, db),
    upcastingStore: new EventStoreDbEventStore(instrumented.client, db, contractUpcasters()),
    tamper: async (stream, position, data) => instrumented.tamper(stream, position, data),
    effectSurvived: async (run) => {
      await db.query(`CREATE TABLE IF NOT EXISTS public.${effectTable} (id text PRIMARY KEY)`);
      const id = randomUUID();
      const advanced = await run(async (tx) => {
        await tx.query(`INSERT INTO public.${effectTable} (id) VALUES ($1)`, [id]);
      });
      const survived = (await db.query(`SELECT 1 FROM public.${effectTable} WHERE id = $1`, [id])).rowCount === 1;
      return { advanced, survived };
    },
  };
}

/**
 * Appends one event straight through the client, as a writer with access to ESDB but not going through the store
 * would: chained correctly, or with a forged hash (the hash of other data).
 */
export async function appendAroundStore(
  client: EventStoreDBClient,
  store: EventStoreDbEventStore,
  stream: string,
  type: string,
  data: JSONType,
  { forgeHash = false }: { forgeHash?: boolean } = {},
): Promise<void> {
  const stored = await store.readStreamStored(stream);
  const previous = stored.length === 0 ? GENESIS_HASH : stored[stored.length - 1].hash;
  const messageId = randomUUID();
  const recordedAt = new Date().toISOString();
  const metadata = { messageId, recordedAt };
  const fields = {
    streamName: stream,
    streamPosition: stored.length + 1,
    messageId,
    type,
    schemaVersion: 1,
    data,
    metadata,
    recordedAt,
  };
  const hash = chainHash(previous, forgeHash ? { ...fields, data: { forged: true } } : fields);
  await client.appendToStream(
    stream,
    jsonEvent({ id: messageId, type, data, metadata: encodeMetadata({ metadata, schemaVersion: 1, hash }) }),
    { expectedRevision: stored.length === 0 ? NO_STREAM : BigInt(stored.length - 1) },
  );
}

const uniqueCategory = () => `esdb${randomUUID().replace(/-/g, '').slice(0, 12)}`;

/** What the contract suite cannot show for this adapter: races, replays and $all paging as ESDB has them. */
export function eventStoreDbSpecifics(
  name: string,
  setUp: () => Promise<EsdbTestBackends>,
  tearDown: () => Promise<void>,
): void {
  describe(`EventStoreDB adapter specifics: ${name}`, () => {
    let backends: EsdbTestBackends;
    let instrumented: InstrumentedClient;
    let store: EventStoreDbEventStore;
    beforeAll(async () => {
      backends = await setUp();
      instrumented = instrumentedClient(backends.client);
      store = new EventStoreDbEventStore(instrumented.client, backends.db);
    });
    afterAll(async () => {
      await tearDown();
    });

    it('detects an event appended around the store with a forged hash', async () => {
      const stream = `${uniqueCategory()}-${randomUUID()}`;
      await store.append(stream, [{ type: 'A', data: {} }]);
      await appendAroundStore(backends.client, store, stream, 'B', { kwh: '7.5' });
      expect(await store.verifyStream(stream)).toMatchObject({ valid: true, events: 2 });
      await appendAroundStore(backends.client, store, stream, 'C', { kwh: '0.1' }, { forgeHash: true });
      expect(await store.verifyStream(stream)).toMatchObject({ valid: false, events: 3, brokenAt: 3 });
    });

    it('re-reads and re-chains an "any" append that another writer overtook; a fixed version fails instead', async () => {
      const stream = `${uniqueCategory()}-${randomUUID()}`;
      await store.append(stream, [{ type: 'Opened', data: {} }]);
      instrumented.beforeNextAppend(() => appendAroundStore(backends.client, store, stream, 'Overtook', {}));
      expect(await store.append(stream, [{ type: 'Mine', data: {} }])).toEqual({
        nextExpectedVersion: 3,
        duplicate: false,
      });
      expect((await store.readStream(stream)).map((e) => e.type)).toEqual(['Opened', 'Overtook', 'Mine']);
      expect(await store.verifyStream(stream)).toMatchObject({ valid: true, events: 3 });

      instrumented.beforeNextAppend(() => appendAroundStore(backends.client, store, stream, 'OvertookAgain', {}));
      const lost = store.append(stream, [{ type: 'Late', data: {} }], { expectedVersion: 3 });
      await expect(lost).rejects.toBeInstanceOf(WrongExpectedVersionError);
      await expect(lost).rejects.toMatchObject({ expected: 3, actual: 4 });
    });

    it("recognises a replay after the caller's transaction rolled back, and repairs the message-id index", async () => {
      const stream = `${uniqueCategory()}-${randomUUID()}`;
      const messageId = randomUUID();
      const event = { type: 'CdrReceived', data: { n: 1 }, messageId };
      await expect(
        backends.db.transaction(async (tx) => {
          await store.append(stream, [event], { tx });
          throw new Error('effect failed');
        }),
      ).rejects.toThrow('effect failed');
      // ESDB kept the event; the index row went with the rolled-back transaction.
      expect(await store.readStream(stream)).toHaveLength(1);
      const indexed = () =>
        backends.db.query(`SELECT 1 FROM es.esdb_message_ids WHERE message_id = $1::uuid`, [messageId]);
      expect((await indexed()).rowCount).toBe(0);

      expect(await store.append(stream, [event], { expectedVersion: 1 })).toEqual({
        nextExpectedVersion: 1,
        duplicate: true,
      });
      expect(await store.readStream(stream)).toHaveLength(1);
      expect((await indexed()).rowCount).toBe(1);
      const elsewhere = await store.append(`${uniqueCategory()}-${randomUUID()}`, [event]);
      expect(elsewhere.duplicate).toBe(true);
    });

    it("leaves nothing of a failed attempt in the caller's transaction, and retries an 'any' append inside it", async () => {
      const stream = `${uniqueCategory()}-${randomUUID()}`;
      await store.append(stream, [{ type: 'Opened', data: {} }]);
      const refused = { type: 'Refused', data: {}, messageId: randomUUID() };
      const overtaken = { type: 'Overtaken', data: {}, messageId: randomUUID() };
      await backends.db.transaction(async (tx) => {
        instrumented.beforeNextAppend(() => appendAroundStore(backends.client, store, stream, 'Overtook', {}));
        await expect(store.append(stream, [refused], { expectedVersion: 1, tx })).rejects.toBeInstanceOf(
          WrongExpectedVersionError,
        );
        instrumented.beforeNextAppend(() => appendAroundStore(backends.client, store, stream, 'OvertookAgain', {}));
        expect(await store.append(stream, [overtaken], { tx })).toEqual({ nextExpectedVersion: 4, duplicate: false });
      });
      // The refused id was never stored, so appending it now is new; the overtaken one is known.
      expect(await store.append(stream, [refused])).toEqual({ nextExpectedVersion: 5, duplicate: false });
      expect(await store.append(stream, [overtaken])).toEqual({ nextExpectedVersion: 5, duplicate: true });
      expect((await store.readStream(stream)).map((e) => e.type)).toEqual([
        'Opened',
        'Overtook',
        'OvertookAgain',
        'Overtaken',
        'Refused',
      ]);
      expect(await store.verifyStream(stream)).toMatchObject({ valid: true, events: 5 });
    });

    it('pages through $all beyond one request, skipping system records and the event at the checkpoint', async () => {
      const category = uniqueCategory();
      const marker = `${category}-marker`;
      await store.append(marker, [{ type: 'Marker', data: {} }]);
      const [markerEvent] = await store.readStream(marker);
      const afterMarker = { transactionId: markerEvent.transactionId, globalPosition: markerEvent.globalPosition };
      const count = 600;
      await store.append(
        `${category}-many`,
        Array.from({ length: count }, (_, i) => ({ type: 'Numbered', data: { i } })),
      );

      const all = await store.readAll({ categories: [category], after: afterMarker, limit: 10_000 });
      expect(all.map((e) => (e.data as { i: number }).i)).toEqual(Array.from({ length: count }, (_, i) => i));

      const first = await store.readAll({ categories: [category], after: afterMarker, limit: 550 });
      const last = first[first.length - 1];
      const rest = await store.readAll({
        categories: [category],
        after: { transactionId: last.transactionId, globalPosition: last.globalPosition },
        limit: 10_000,
      });
      expect([...first, ...rest].map((e) => (e.data as { i: number }).i)).toEqual(
        all.map((e) => (e.data as { i: number }).i),
      );

      const unfiltered = await store.readAll({ after: afterMarker, limit: 10_000 });
      expect(unfiltered.filter((e) => e.category === category)).toHaveLength(count);
      expect(unfiltered.some((e) => e.streamName.startsWith('$') || e.type.startsWith('$'))).toBe(false);
    });
  });
}
