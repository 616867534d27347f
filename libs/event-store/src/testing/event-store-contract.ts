import { randomUUID } from 'crypto';
import {
  type EventStore,
  type ReadAllOptions,
  type RecordedEvent,
  START,
  WrongExpectedVersionError,
} from '../event-store.port';
import { PartialDuplicateAppendError } from '../errors';
import type { SqlExecutor } from '../sql/database';

/** What an adapter under test offers beyond the port. */
export interface ContractSubject {
  store: EventStore;
  /** The same store with an upcaster `ContractUpcast@1 -> 2` registered (`{ n } -> { n, doubled: n * 2 }`). */
  upcastingStore: EventStore;
  /** Overwrites the stored data of one event, bypassing the store, as someone with database access could. */
  tamper(streamName: string, streamPosition: number, data: unknown): Promise<void>;
  /**
   * Appends in a transaction that stays open until `commit` is called. Only adapters with concurrent transactions
   * (PostgreSQL on a pool) can interleave writers; the others commit every append at once and cannot skip.
   */
  holdAppendOpen?(streamName: string, type: string): Promise<{ commit(): Promise<void> }>;
  /** Runs `effect` inside advanceCheckpoint and tells whether its write survived. */
  effectSurvived?(
    run: (effect: (tx: SqlExecutor) => Promise<void>) => Promise<boolean>,
  ): Promise<{ advanced: boolean; survived: boolean }>;
}

/**
 * A category read right after our own appends can come back short while another session (a parallel test) holds an
 * older transaction open: the gap-safety horizon. Reads that expect `count` events poll briefly for them.
 */
async function readAllEventually(store: EventStore, options: ReadAllOptions, count: number): Promise<RecordedEvent[]> {
  let events = await store.readAll(options);
  for (let i = 0; i < 200 && events.length < count; i++) {
    await new Promise((r) => setTimeout(r, 25));
    events = await store.readAll(options);
  }
  return events;
}

const uniqueCategory = () => `contract${randomUUID().replace(/-/g, '').slice(0, 12)}`;

/**
 * The event store contract (ARCHITECTURE.md §5): every adapter runs these same cases.
 * Each case writes to its own category and streams, so suites can share a database.
 */
export function eventStoreContract(
  adapterName: string,
  setUp: () => Promise<ContractSubject>,
  tearDown: () => Promise<void>,
): void {
  describe(`EventStore contract: ${adapterName}`, () => {
    let subject: ContractSubject;
    beforeAll(async () => {
      subject = await setUp();
    });
    afterAll(async () => {
      await tearDown();
    });

    it('appends events and reads them back in stream order with metadata stamped', async () => {
      const stream = `${uniqueCategory()}-${randomUUID()}`;
      const result = await subject.store.append(
        stream,
        [
          {
            type: 'ContractRegistered',
            data: { emaid: 'DEABCC123456789' },
            metadata: { correlationId: 'c-1', actor: 'DEABC' },
          },
          { type: 'TokenBlocked', data: { uid: '04A1B2C3', amount: { amount: '1.20', currency: 'EUR' } } },
        ],
        { expectedVersion: 'no_stream' },
      );
      expect(result).toEqual({ nextExpectedVersion: 2, duplicate: false });
      const events = await subject.store.readStream(stream);
      expect(events.map((e) => [e.type, e.streamPosition])).toEqual([
        ['ContractRegistered', 1],
        ['TokenBlocked', 2],
      ]);
      expect(events[0].data).toEqual({ emaid: 'DEABCC123456789' });
      expect(events[1].data).toEqual({ uid: '04A1B2C3', amount: { amount: '1.20', currency: 'EUR' } });
      expect(events[0].metadata).toMatchObject({
        correlationId: 'c-1',
        actor: 'DEABC',
        messageId: events[0].messageId,
      });
      expect(new Date(events[0].recordedAt).toISOString()).toBe(events[0].recordedAt);
      expect(events[0].schemaVersion).toBe(1);
      expect(BigInt(events[1].globalPosition)).toBeGreaterThan(BigInt(events[0].globalPosition));
      expect(await subject.store.readStream(stream, { fromVersion: 1 })).toHaveLength(1);
      expect(await subject.store.readStream(`${uniqueCategory()}-none`)).toEqual([]);
    });

    it('keeps numeric order past ten events, in a stream and across a category', async () => {
      const category = uniqueCategory();
      const stream = `${category}-${randomUUID()}`;
      for (let i = 1; i <= 12; i++) await subject.store.append(stream, [{ type: `E${i}`, data: { i } }]);
      const expected = Array.from({ length: 12 }, (_, i) => `E${i + 1}`);
      expect((await subject.store.readStream(stream)).map((e) => e.type)).toEqual(expected);
      expect((await readAllEventually(subject.store, { categories: [category] }, 12)).map((e) => e.type)).toEqual(
        expected,
      );
      const firstTen = await subject.store.readAll({ categories: [category], limit: 10 });
      const last = firstTen[firstTen.length - 1];
      const rest = await subject.store.readAll({
        categories: [category],
        after: { transactionId: last.transactionId, globalPosition: last.globalPosition },
      });
      expect([...firstTen, ...rest].map((e) => e.type)).toEqual(expected);
    });

    it('refuses an append at the wrong expected version and changes nothing', async () => {
      const stream = `${uniqueCategory()}-${randomUUID()}`;
      await subject.store.append(stream, [{ type: 'A', data: {} }], { expectedVersion: 'no_stream' });
      await expect(
        subject.store.append(stream, [{ type: 'B', data: {} }], { expectedVersion: 0 }),
      ).rejects.toBeInstanceOf(WrongExpectedVersionError);
      await expect(
        subject.store.append(stream, [{ type: 'B', data: {} }], { expectedVersion: 'no_stream' }),
      ).rejects.toMatchObject({ code: 'WRONG_EXPECTED_VERSION', actual: 1 });
      await expect(
        subject.store.append(stream, [{ type: 'B', data: {} }], { expectedVersion: 5 }),
      ).rejects.toBeInstanceOf(WrongExpectedVersionError);
      expect((await subject.store.readStream(stream)).map((e) => e.type)).toEqual(['A']);
      await subject.store.append(stream, [{ type: 'B', data: {} }], { expectedVersion: 1 });
      expect((await subject.store.readStream(stream)).map((e) => e.type)).toEqual(['A', 'B']);
    });

    it('lets exactly one of two concurrent appends at the same version win', async () => {
      const stream = `${uniqueCategory()}-${randomUUID()}`;
      await subject.store.append(stream, [{ type: 'Opened', data: {} }]);
      const attempts = await Promise.allSettled(
        ['First', 'Second', 'Third'].map((type) =>
          subject.store.append(stream, [{ type, data: {} }], { expectedVersion: 1 }),
        ),
      );
      const won = attempts.filter((a) => a.status === 'fulfilled');
      const lost = attempts.filter((a): a is PromiseRejectedResult => a.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(2);
      lost.forEach((l) => expect(l.reason).toBeInstanceOf(WrongExpectedVersionError));
      expect(await subject.store.readStream(stream)).toHaveLength(2);
    });

    it('treats a re-appended message id as already applied', async () => {
      const stream = `${uniqueCategory()}-${randomUUID()}`;
      const messageId = randomUUID();
      const first = await subject.store.append(stream, [{ type: 'CdrReceived', data: { n: 1 }, messageId }]);
      const again = await subject.store.append(stream, [{ type: 'CdrReceived', data: { n: 1 }, messageId }], {
        expectedVersion: 0,
      });
      expect(first.duplicate).toBe(false);
      expect(again).toEqual({ nextExpectedVersion: 1, duplicate: true });
      expect(await subject.store.readStream(stream)).toHaveLength(1);
      // The same id under another stream is still the same message: no second copy anywhere.
      const elsewhere = await subject.store.append(`${uniqueCategory()}-${randomUUID()}`, [
        { type: 'CdrReceived', data: {}, messageId },
      ]);
      expect(elsewhere.duplicate).toBe(true);
      // A batch mixing a known id with a new one is not a replay: refused whole.
      await expect(
        subject.store.append(stream, [
          { type: 'CdrReceived', data: {}, messageId },
          { type: 'CdrValidated', data: {}, messageId: randomUUID() },
        ]),
      ).rejects.toBeInstanceOf(PartialDuplicateAppendError);
      expect(await subject.store.readStream(stream)).toHaveLength(1);
    });

    it('reads a category in commit order after a checkpoint, with limits', async () => {
      const category = uniqueCategory();
      const other = uniqueCategory();
      await subject.store.append(`${category}-1`, [{ type: 'E1', data: {} }]);
      await subject.store.append(`${other}-1`, [{ type: 'Other', data: {} }]);
      await subject.store.append(`${category}-2`, [
        { type: 'E2', data: {} },
        { type: 'E3', data: {} },
      ]);
      const all = await readAllEventually(subject.store, { categories: [category], limit: 10 }, 3);
      expect(all.map((e) => e.type)).toEqual(['E1', 'E2', 'E3']);
      expect(all.every((e) => e.category === category)).toBe(true);
      const page1 = await subject.store.readAll({ categories: [category], limit: 2 });
      const after = { transactionId: page1[1].transactionId, globalPosition: page1[1].globalPosition };
      const page2 = await subject.store.readAll({ categories: [category], after, limit: 2 });
      expect([...page1, ...page2].map((e) => e.type)).toEqual(['E1', 'E2', 'E3']);
      const both = await readAllEventually(subject.store, { categories: [category, other], limit: 10 }, 4);
      expect(both.map((e) => e.type)).toEqual(['E1', 'Other', 'E2', 'E3']);
    });

    it('hands a typed reader only its types, and moves it past the others', async () => {
      const category = uniqueCategory();
      await subject.store.append(`${category}-1`, [
        { type: 'Big', data: { record: 'x'.repeat(2_000) } },
        { type: 'Wanted', data: { n: 1 } },
      ]);
      await subject.store.append(`${category}-2`, [
        { type: 'Big', data: { record: 'y' } },
        { type: 'Big', data: { record: 'z' } },
      ]);
      await subject.store.append(`${category}-3`, [{ type: 'Wanted', data: { n: 2 } }]);
      await readAllEventually(subject.store, { categories: [category], limit: 10 }, 5);
      const first = await subject.store.readPage({ categories: [category], types: ['Wanted'], limit: 3 });
      expect(first.scanned).toBe(3);
      expect(first.events.map((e) => [e.type, e.data, e.streamName])).toEqual([['Wanted', { n: 1 }, `${category}-1`]]);
      expect(first.events[0].metadata.messageId).toBe(first.events[0].messageId);
      // The page ends at the third event read (a passed-over Big), so the next read starts after it.
      const second = await subject.store.readPage({
        categories: [category],
        types: ['Wanted'],
        limit: 3,
        after: first.next,
      });
      expect(second.scanned).toBe(2);
      expect(second.events.map((e) => e.data)).toEqual([{ n: 2 }]);
      const done = await subject.store.readPage({ categories: [category], types: ['Wanted'], after: second.next });
      expect(done).toEqual({ events: [], next: undefined, scanned: 0 });
      const untyped = await subject.store.readPage({ categories: [category], limit: 10 });
      expect(untyped.events.map((e) => e.type)).toEqual(['Big', 'Wanted', 'Big', 'Big', 'Wanted']);
      expect(untyped.next?.globalPosition).toBe(untyped.events[4].globalPosition);
    });

    it('upcasts old event versions once, in the read path', async () => {
      const stream = `${uniqueCategory()}-${randomUUID()}`;
      await subject.store.append(stream, [{ type: 'ContractUpcast', data: { n: 21 }, schemaVersion: 1 }]);
      const [read] = await subject.upcastingStore.readStream(stream);
      expect(read.schemaVersion).toBe(2);
      expect(read.data).toEqual({ n: 21, doubled: 42 });
      const [viaAll] = await readAllEventually(subject.upcastingStore, { categories: [stream.split('-')[0]] }, 1);
      expect(viaAll.data).toEqual({ n: 21, doubled: 42 });
      // The stored event is untouched: its hash chain still verifies.
      expect((await subject.upcastingStore.verifyStream(stream)).valid).toBe(true);
    });

    it('moves a checkpoint only by compare-and-set', async () => {
      const processor = `contract-processor-${randomUUID()}`;
      expect(await subject.store.readCheckpoint(processor)).toEqual(START);
      const first = { transactionId: '10', globalPosition: '100' };
      expect(await subject.store.advanceCheckpoint(processor, START, first)).toBe(true);
      expect(await subject.store.readCheckpoint(processor)).toEqual(first);
      // A second instance still believing it is at START loses.
      expect(
        await subject.store.advanceCheckpoint(processor, START, { transactionId: '11', globalPosition: '101' }),
      ).toBe(false);
      expect(await subject.store.readCheckpoint(processor)).toEqual(first);
      if (subject.effectSurvived) {
        const lost = await subject.effectSurvived((effect) =>
          subject.store.advanceCheckpoint(processor, START, { transactionId: '12', globalPosition: '102' }, effect),
        );
        expect(lost).toEqual({ advanced: false, survived: false });
        const won = await subject.effectSurvived((effect) =>
          subject.store.advanceCheckpoint(processor, first, { transactionId: '12', globalPosition: '102' }, effect),
        );
        expect(won).toEqual({ advanced: true, survived: true });
      }
    });

    it('lets exactly one of two first advances from START win, and leaves the checkpoint at its position', async () => {
      const processor = `contract-processor-${randomUUID()}`;
      const a = { transactionId: '20', globalPosition: '200' };
      const b = { transactionId: '21', globalPosition: '201' };
      const [wonA, wonB] = await Promise.all([
        subject.store.advanceCheckpoint(processor, START, a),
        subject.store.advanceCheckpoint(processor, START, b),
      ]);
      expect([wonA, wonB].filter(Boolean)).toHaveLength(1);
      expect(await subject.store.readCheckpoint(processor)).toEqual(wonA ? a : b);
    });

    it('refuses an advance from a stale position, creating nothing and rolling its effect back', async () => {
      const processor = `contract-processor-${randomUUID()}`;
      const stale = { transactionId: '5', globalPosition: '50' };
      // Never advanced: only START may create the checkpoint.
      expect(
        await subject.store.advanceCheckpoint(processor, stale, { transactionId: '6', globalPosition: '60' }),
      ).toBe(false);
      expect(await subject.store.readCheckpoint(processor)).toEqual(START);
      const first = { transactionId: '10', globalPosition: '100' };
      expect(await subject.store.advanceCheckpoint(processor, START, first)).toBe(true);
      expect(
        await subject.store.advanceCheckpoint(processor, stale, { transactionId: '11', globalPosition: '110' }),
      ).toBe(false);
      expect(await subject.store.readCheckpoint(processor)).toEqual(first);
      if (subject.effectSurvived) {
        const lost = await subject.effectSurvived((effect) =>
          subject.store.advanceCheckpoint(processor, stale, { transactionId: '12', globalPosition: '120' }, effect),
        );
        expect(lost).toEqual({ advanced: false, survived: false });
        expect(await subject.store.readCheckpoint(processor)).toEqual(first);
      }
    });

    it('verifies chains of events whose ids or data are not in stored form (upper-case uuid, Date)', async () => {
      const stream = `${uniqueCategory()}-${randomUUID()}`;
      await subject.store.append(stream, [
        { type: 'A', data: { at: new Date('2026-05-01T10:00:00Z') }, messageId: randomUUID().toUpperCase() },
      ]);
      expect(await subject.store.verifyStream(stream)).toMatchObject({ valid: true, events: 1 });
      const [read] = await subject.store.readStream(stream);
      expect(read.data).toEqual({ at: '2026-05-01T10:00:00.000Z' });
    });

    it('chains every event to its predecessor and detects a tampered event', async () => {
      const stream = `${uniqueCategory()}-${randomUUID()}`;
      await subject.store.append(stream, [{ type: 'A', data: { kwh: '7.5' } }]);
      await subject.store.append(stream, [
        { type: 'B', data: { price: { amount: '3.10', currency: 'EUR' } } },
        { type: 'C', data: { nested: { z: 1, a: [1, 2] } } },
      ]);
      const verified = await subject.store.verifyStream(stream);
      expect(verified).toMatchObject({ valid: true, events: 3 });
      const events = await subject.store.readStream(stream);
      expect(new Set(events.map((e) => e.hash)).size).toBe(3);
      await subject.tamper(stream, 2, { price: { amount: '0.10', currency: 'EUR' } });
      const broken = await subject.store.verifyStream(stream);
      expect(broken).toMatchObject({ valid: false, brokenAt: 2 });
    });

    it('never lets a category reader skip an event of a slow transaction that commits after a later one', async () => {
      if (!subject.holdAppendOpen) {
        // One session (PGlite) or one thread (in-memory): appends commit in position order, so no gap can arise.
        const category = uniqueCategory();
        await subject.store.append(`${category}-1`, [{ type: 'T1', data: {} }]);
        await subject.store.append(`${category}-2`, [{ type: 'T2', data: {} }]);
        expect((await subject.store.readAll({ categories: [category] })).map((e) => e.type)).toEqual(['T1', 'T2']);
        return;
      }
      const category = uniqueCategory();
      const slow = await subject.holdAppendOpen(`${category}-slow`, 'T1Slow'); // takes its position first
      await subject.store.append(`${category}-fast`, [{ type: 'T2Fast', data: {} }]); // commits first
      // The reader must not see T2 yet: moving its checkpoint past it would skip T1 forever.
      const whileOpen = await subject.store.readAll({ categories: [category] });
      expect(whileOpen.map((e) => e.type)).toEqual([]);
      await slow.commit();
      // Other sessions' open transactions can hold the horizon back a moment longer: poll, bounded.
      let afterCommit = await subject.store.readAll({ categories: [category] });
      for (let i = 0; i < 100 && afterCommit.length < 2; i++) {
        await new Promise((r) => setTimeout(r, 50));
        afterCommit = await subject.store.readAll({ categories: [category] });
      }
      expect(afterCommit.map((e) => e.type)).toEqual(['T1Slow', 'T2Fast']);
      expect(BigInt(afterCommit[0].globalPosition)).toBeLessThan(BigInt(afterCommit[1].globalPosition));
    });
  });
}
