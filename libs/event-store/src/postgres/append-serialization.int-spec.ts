import { testDatabaseUrl } from '@roaming/testing';
import { randomUUID } from 'crypto';
import type { NewEvent, RecordedEvent } from '../event-store.port';
import { chainHash, GENESIS_HASH } from '../hash-chain';
import { runMigrations } from '../sql/migrations';
import { PgDatabase } from '../sql/pg-database';
import { eventStoreMigrations } from './event-store.schema';
import { PostgresEventStore } from './postgres-event-store';

/** JSON's reading of a value: what the append serialised, parsed back, before it wrote each event once (issues 4, 5). */
const roundTrip = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

/** The stored form and hash of an event as the append computed them before: a JSON round trip, then chainHash. */
function asBefore(event: NewEvent, stored: RecordedEvent, previousHash: string) {
  const { messageId, recordedAt } = stored;
  const metadata = event.metadata === undefined ? undefined : (roundTrip(event.metadata) as object | null);
  const fields = {
    streamName: stored.streamName,
    streamPosition: stored.streamPosition,
    messageId,
    type: event.type,
    schemaVersion: event.schemaVersion ?? 1,
    data: roundTrip(event.data ?? null),
    metadata: { ...(metadata ?? {}), messageId, recordedAt },
    recordedAt,
  };
  return { data: fields.data, metadata: fields.metadata, hash: chainHash(previousHash, fields) };
}

class Principal {
  constructor(
    public readonly actor: string,
    public readonly zone: unknown,
  ) {}
}

/** Values JSON reads in its own way, in data and in metadata, around the members the store adds to metadata. */
function awkwardEvents(): NewEvent[] {
  const at = new Date('2026-03-01T10:00:00.123Z');
  return [
    {
      type: 'Awkward',
      data: {
        z: at,
        a: [undefined, [undefined, -0, 1e21, 1e-7, Number.NaN, Infinity], () => 1],
        m: { y: undefined, x: { toJSON: (key: string) => `member ${key}` }, w: new Number(5) },
        unicode: 'é😀"\\ \u2028 Ä ß',
        invalid: new Date(Number.NaN),
      },
      metadata: {
        tenant: 'after recordedAt',
        actor: 'DEABC',
        zeta: { at, b: 2, a: [undefined] },
        messageId: 'not the store one',
        recordedAt: 'not the store one',
        causationId: undefined,
      },
    },
    { type: 'NoMetadata', data: { b: 1, a: 2 } },
    { type: 'UndefinedData', data: undefined, metadata: {} },
    { type: 'RootArray', data: [at, undefined, { toJSON: () => ({ b: 1, a: 1 }) }], metadata: { zz: Number.NaN } },
    { type: 'RootText', data: 'text', schemaVersion: 3, metadata: null as unknown as undefined },
    // Metadata that is not a plain object: taken through the round trip, as all metadata was before.
    { type: 'ClassMetadata', data: at, metadata: new Principal('DE8AA', at) as unknown as NewEvent['metadata'] },
    { type: 'OwnToJson', data: {}, metadata: { toJSON: () => ({ actor: 'DEXYZ', tenant: at }) } },
  ];
}

describe('PostgresEventStore append: each event serialised once, stored and hashed as before', () => {
  let db: PgDatabase;
  let plain: PostgresEventStore;
  let grouped: PostgresEventStore;

  beforeAll(async () => {
    db = new PgDatabase(testDatabaseUrl());
    await runMigrations(db, eventStoreMigrations);
    plain = new PostgresEventStore(db);
    grouped = new PostgresEventStore(db, undefined, undefined, { groupCommit: {} });
  });

  afterAll(async () => {
    await db.close();
  });

  /** The stream's events, in order, checked against the round trip and the chain as the append built them before. */
  async function expectStoredAsBefore(stream: string, events: readonly NewEvent[]): Promise<void> {
    const stored = await plain.readStreamStored(stream);
    expect(stored).toHaveLength(events.length);
    let previous = GENESIS_HASH;
    stored.forEach((event, index) => {
      const before = asBefore(events[index], event, previous);
      expect({ type: event.type, data: event.data, metadata: event.metadata, hash: event.hash }).toEqual({
        type: events[index].type,
        ...before,
      });
      previous = event.hash;
    });
    expect(await plain.verifyStream(stream)).toMatchObject({ valid: true, events: events.length });
  }

  it('append in its own transaction', async () => {
    const stream = `serialised-${randomUUID()}`;
    const events = awkwardEvents();
    await plain.append(stream, events.slice(0, 3));
    await plain.append(stream, events.slice(3));
    await expectStoredAsBefore(stream, events);
  });

  it('append through the group-commit batch writer', async () => {
    const streams = [`serialised-${randomUUID()}`, `serialised-${randomUUID()}`];
    const events = awkwardEvents();
    await Promise.all(streams.map((stream) => grouped.append(stream, events)));
    for (const stream of streams) await expectStoredAsBefore(stream, events);
  });

  it('appendMany in the caller transaction', async () => {
    const stream = `serialised-${randomUUID()}`;
    const events = awkwardEvents();
    const outcomes = await db.transaction((tx) =>
      plain.appendMany(
        [
          { streamName: stream, events: events.slice(0, 2), expectedVersion: 'no_stream' },
          { streamName: stream, events: events.slice(2), expectedVersion: 2 },
        ],
        tx,
      ),
    );
    expect(outcomes.map((o) => o.ok)).toEqual([true, true]);
    await expectStoredAsBefore(stream, events);
  });

  it('refuses, storing nothing, what JSON cannot write: a BigInt, a cycle, data that is a function', async () => {
    const cyclic: Record<string, unknown> = { actor: 'DEABC' };
    cyclic.self = [cyclic];
    const refused: NewEvent[] = [
      { type: 'BigData', data: { amount: 10n } },
      { type: 'BigMetadata', data: {}, metadata: { amount: 10n } },
      { type: 'CyclicMetadata', data: {}, metadata: cyclic },
      { type: 'FunctionData', data: () => 1 },
    ];
    for (const event of refused) {
      const stream = `serialised-${randomUUID()}`;
      await expect(plain.append(stream, [{ type: 'Fine', data: {} }, event])).rejects.toThrow(
        event.type === 'FunctionData' ? Error : TypeError,
      );
      await expect(grouped.append(stream, [event])).rejects.toThrow(Error);
      expect(await plain.readStreamStored(stream)).toEqual([]);
    }
  });

  it('stores and hashes a message id in the form the uuid column gives back, so spellings it accepts keep the chain whole', async () => {
    const spellings: ((id: string) => string)[] = [
      (id) => id.replace(/-/g, '').toUpperCase(),
      (id) => `{${id}}`,
      (id) => id.replace(/-/g, '').replace(/(.{4})(?!$)/g, '$1-'),
    ];
    for (const [index, spell] of spellings.entries()) {
      const id = randomUUID();
      const stream = `serialised-${randomUUID()}`;
      const store = index === 1 ? grouped : plain;
      await store.append(stream, [{ type: 'Spelled', data: { index }, messageId: spell(id) }]);
      const [stored] = await plain.readStreamStored(stream);
      expect(stored.messageId).toBe(id);
      expect(await plain.verifyStream(stream)).toMatchObject({ valid: true, events: 1 });
      // A retry in the canonical spelling is the same message: recognised, not appended again.
      expect((await store.append(stream, [{ type: 'Spelled', data: { index }, messageId: id }])).duplicate).toBe(true);
    }
    await expect(
      plain.append(`serialised-${randomUUID()}`, [{ type: 'Bad', data: {}, messageId: 'not-a-uuid' }]),
    ).rejects.toThrow();
  });
});
