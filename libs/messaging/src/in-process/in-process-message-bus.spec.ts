import { PgliteDatabase, runMigrations, type SqlExecutor } from '@roaming/event-store';
import { randomUUID } from 'crypto';
import { messagingMigrations } from '../consumer/messaging.migrations';
import { DeliveryAbandonedError } from '../consumer/retry-delay';
import { deadLetterTopic, HEADER, type InboundMessage, type OutboundMessage } from '../message-bus.port';
import { InProcessMessageBus } from './in-process-message-bus';

describe('InProcessMessageBus', () => {
  let db: PgliteDatabase;
  let bus: InProcessMessageBus;

  beforeAll(async () => {
    db = await PgliteDatabase.open();
    await runMigrations(db, messagingMigrations);
    await db.query(`CREATE TABLE effects (id serial PRIMARY KEY, grp text, msg_key text, seq int)`);
  });
  afterAll(() => db.close());

  beforeEach(() => {
    bus = new InProcessMessageBus({ database: db });
  });
  afterEach(() => bus.close());

  const topic = () => `test.${randomUUID()}.v1`;
  const group = () => `group-${randomUUID()}`;

  const message = (t: string, key: string, seq: number, id: string = randomUUID()): OutboundMessage => ({
    topic: t,
    key,
    value: { seq },
    headers: { [HEADER.messageId]: id, [HEADER.type]: 'Tested' },
  });

  const recordEffect =
    (grp: string) =>
    async (m: InboundMessage, { tx }: { tx: SqlExecutor }) => {
      const { seq } = JSON.parse(m.rawValue) as { seq: number };
      await tx.query(`INSERT INTO effects (grp, msg_key, seq) VALUES ($1, $2, $3)`, [grp, m.key, seq]);
    };

  const effects = async (grp: string) =>
    (
      await db.query<{ msg_key: string; seq: number }>(`SELECT msg_key, seq FROM effects WHERE grp = $1 ORDER BY id`, [
        grp,
      ])
    ).rows;

  const processedCount = async (grp: string) =>
    (
      await db.query<{ n: string }>(
        `SELECT count(*)::text AS n FROM messaging.processed_messages WHERE consumer_group = $1`,
        [grp],
      )
    ).rows[0].n;

  it('delivers to every group in per-key order, also across concurrent publishes', async () => {
    const t = topic();
    const [a, b] = [group(), group()];
    await bus.subscribe({ groupId: a, topics: [t], handler: recordEffect(a) });
    await bus.subscribe({ groupId: b, topics: [t], handler: recordEffect(b) });

    const batch = (key: string, from: number) => [0, 1, 2, 3, 4].map((i) => message(t, key, from + i));
    await Promise.all([
      bus.publish([...batch('k1', 0), ...batch('k2', 0)]),
      bus.publish(batch('k1', 5)),
      bus.publish(batch('k2', 5)),
    ]);

    for (const grp of [a, b]) {
      const rows = await effects(grp);
      expect(rows).toHaveLength(20);
      for (const key of ['k1', 'k2']) {
        expect(rows.filter((r) => r.msg_key === key).map((r) => r.seq)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      }
    }
  });

  it("stamps every message with its append time by the bus's clock (the broker's, not the producer's)", async () => {
    const t = topic();
    const grp = group();
    const clock = new Date('2026-11-22T08:00:00.000Z');
    const stamped = new InProcessMessageBus({ database: db, now: () => clock });
    const received: InboundMessage[] = [];
    try {
      await stamped.subscribe({ groupId: grp, topics: [t], handler: async (m) => void received.push(m) });
      await stamped.publish([message(t, 'k', 1)]);
    } finally {
      await stamped.close();
    }
    expect(received.map((m) => m.appendedAt)).toEqual([clock]);
    // The default is the wall clock.
    const before = Date.now();
    const wall: InboundMessage[] = [];
    await bus.subscribe({ groupId: group(), topics: [t], handler: async (m) => void wall.push(m) });
    await bus.publish([message(t, 'k', 2)]);
    expect(wall[0].appendedAt?.getTime()).toBeGreaterThanOrEqual(before);
    expect(wall[0].appendedAt?.getTime()).toBeLessThanOrEqual(Date.now());
  });

  it('resolves publish only after every handler has committed', async () => {
    const t = topic();
    const grp = group();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const handlerStarted = new Promise<void>((resolve) => (started = resolve));
    await bus.subscribe({
      groupId: grp,
      topics: [t],
      handler: async (m, ctx) => {
        started();
        await gate;
        await recordEffect(grp)(m, ctx);
      },
    });

    let settled = false;
    const publishing = bus.publish([message(t, 'k', 1)]).then(() => (settled = true));
    await handlerStarted;
    expect(settled).toBe(false);
    release();
    await publishing;
    expect(await effects(grp)).toEqual([{ msg_key: 'k', seq: 1 }]);
  });

  it('applies a re-published message id once', async () => {
    const t = topic();
    const grp = group();
    await bus.subscribe({ groupId: grp, topics: [t], handler: recordEffect(grp) });
    const id = randomUUID();

    await bus.publish([message(t, 'k', 1, id)]);
    await bus.publish([message(t, 'k', 1, id), message(t, 'k', 2)]);

    expect((await effects(grp)).map((r) => r.seq)).toEqual([1, 2]);
    expect(await processedCount(grp)).toBe('2');
  });

  it('retries a failing handler, then dead-letters the original message and moves on', async () => {
    const t = topic();
    const grp = group();
    let attempts = 0;
    await bus.subscribe({
      groupId: grp,
      topics: [t],
      maxAttempts: 3,
      handler: async (m, ctx) => {
        await recordEffect(grp)(m, ctx);
        if ((JSON.parse(m.rawValue) as { seq: number }).seq === 1) {
          attempts++;
          throw new Error('tariff not found');
        }
      },
    });
    const poison = message(t, 'k', 1);

    await bus.publish([poison, message(t, 'k', 2)]);

    expect(attempts).toBe(3);
    // The failed attempts rolled back their effect and their de-duplication row.
    expect((await effects(grp)).map((r) => r.seq)).toEqual([2]);
    expect(await processedCount(grp)).toBe('1');
    const [letter, ...others] = bus.deadLetters(deadLetterTopic(t));
    expect(others).toEqual([]);
    expect(letter).toMatchObject({
      topic: `${t}.dlq`,
      key: 'k',
      rawValue: JSON.stringify(poison.value),
      headers: {
        ...poison.headers,
        [HEADER.error]: 'tariff not found',
        [HEADER.originalTopic]: t,
        [HEADER.originalPartition]: '0',
        [HEADER.originalOffset]: '0',
        [HEADER.consumerGroup]: grp,
      },
    });
  });

  it('succeeds when a retry succeeds, without dead letter', async () => {
    const t = topic();
    const grp = group();
    let failuresLeft = 2;
    await bus.subscribe({
      groupId: grp,
      topics: [t],
      handler: async (m, ctx) => {
        if (failuresLeft-- > 0) throw new Error('transient');
        await recordEffect(grp)(m, ctx);
      },
    });

    await bus.publish([message(t, 'k', 7)]);

    expect((await effects(grp)).map((r) => r.seq)).toEqual([7]);
    expect(bus.deadLetters(deadLetterTopic(t))).toEqual([]);
  });

  it('dead-letters a message without message-id at once, without calling the handler', async () => {
    const t = topic();
    const grp = group();
    const handled: InboundMessage[] = [];
    await bus.subscribe({ groupId: grp, topics: [t], handler: async (m) => void handled.push(m) });

    await bus.publish([{ topic: t, key: 'k', value: { seq: 1 }, headers: { [HEADER.type]: 'Tested', trace: 'x' } }]);
    await bus.publish([message(t, 'k', 2)]);

    expect(handled.map((m) => m.offset)).toEqual(['1']);
    const letters = bus.deadLetters(deadLetterTopic(t));
    expect(letters).toHaveLength(1);
    expect(letters[0].headers).toMatchObject({
      [HEADER.error]: 'missing message-id header',
      [HEADER.originalTopic]: t,
      [HEADER.originalOffset]: '0',
      trace: 'x',
    });
  });

  it('hands dead letters to the subscribers of the .dlq topic before publish resolves', async () => {
    const t = topic();
    const parked: InboundMessage[] = [];
    await bus.subscribe({
      groupId: group(),
      topics: [t],
      maxAttempts: 1,
      handler: async () => {
        throw new Error('unknown EVSE');
      },
    });
    await bus.subscribe({ groupId: group(), topics: [deadLetterTopic(t)], handler: async (m) => void parked.push(m) });
    const poison = message(t, 'k', 1);

    await bus.publish([poison]);

    expect(parked).toHaveLength(1);
    expect(parked[0]).toMatchObject({
      topic: deadLetterTopic(t),
      rawValue: JSON.stringify(poison.value),
      headers: { [HEADER.messageId]: poison.headers[HEADER.messageId], [HEADER.error]: 'unknown EVSE' },
    });
  });

  it('does not wait for itself when a handler publishes to a topic its own group consumes', async () => {
    const t = topic();
    const grp = group();
    await bus.subscribe({
      groupId: grp,
      topics: [t],
      handler: async (m, ctx) => {
        await recordEffect(grp)(m, ctx);
        const { seq } = JSON.parse(m.rawValue) as { seq: number };
        if (seq === 1) await bus.publish([message(t, 'k', 2)]);
      },
    });

    await bus.publish([message(t, 'k', 1)]);
    await bus.publish([message(t, 'k', 3)]);

    expect((await effects(grp)).map((r) => r.seq)).toEqual([1, 2, 3]);
  });

  it('abandons a delivery still retrying when the subscription closes, leaving it unapplied', async () => {
    const t = topic();
    const grp = group();
    let failed!: () => void;
    const firstFailure = new Promise<void>((resolve) => (failed = resolve));
    const subscription = await bus.subscribe({
      groupId: grp,
      topics: [t],
      maxAttempts: 100,
      handler: async () => {
        failed();
        throw new Error('always');
      },
    });

    const publishing = bus.publish([message(t, 'k', 1)]);
    await firstFailure;
    await subscription.close();

    await expect(publishing).rejects.toBeInstanceOf(DeliveryAbandonedError);
    expect(bus.deadLetters(deadLetterTopic(t))).toEqual([]);
    expect(await processedCount(grp)).toBe('0');
  });

  it('refuses a second subscription of the same group', async () => {
    const grp = group();
    await bus.subscribe({ groupId: grp, topics: [topic()], handler: async () => undefined });
    await expect(bus.subscribe({ groupId: grp, topics: [topic()], handler: async () => undefined })).rejects.toThrow(
      /already subscribed/,
    );
  });
});
