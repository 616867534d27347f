import { partnerOutboundTopic } from '@roaming/contracts';
import { HEADER, InProcessMessageBus, type InProcessMessageBusOptions, type OutboundMessage } from '@roaming/messaging';
import { randomUUID } from 'crypto';
import type { Consumer, Kafka } from 'kafkajs';
import { isRecord } from '../drivers/http-driver';

/** One message a partner received on its outbound topic (`b2b.<party>.outbound.v1`). */
export interface OutboundObservation {
  /** The party whose topic carried it. */
  party: string;
  type: string;
  cpoPartyId: string;
  cdrId: string;
  messageId: string;
  /** The refusal code of a CdrRejected. */
  code?: string;
  /** When it reached the topic (epoch ms): the producer's create time on Kafka, the publish call in-process. */
  arrivedAt: number;
}

/** Watches the outbound topics of the scenario's partners for the whole run. */
export interface OutboundObserver {
  readonly observations: readonly OutboundObservation[];
  /** Starts watching the topics of these parties; resolves once nothing sent from now on can be missed. */
  watch(parties: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

const OUTBOUND_TOPIC = /^b2b\.([A-Z]{2}[A-Z0-9]{3})\.outbound\.v1$/;

/** Reads a CDR message (CdrForwarded / CdrRejected) off an outbound topic; other messages are not ours to count. */
export function observationOf(
  party: string,
  rawValue: string,
  headers: Record<string, string>,
  arrivedAt: number,
): OutboundObservation | undefined {
  let body: unknown;
  try {
    body = JSON.parse(rawValue);
  } catch {
    return undefined;
  }
  if (!isRecord(body) || !isRecord(body.data) || typeof body.type !== 'string') return undefined;
  const { cdrId, cpoPartyId, code } = body.data;
  if (typeof cdrId !== 'string' || typeof cpoPartyId !== 'string') return undefined;
  return {
    party,
    type: body.type,
    cdrId,
    cpoPartyId,
    messageId: headers[HEADER.messageId] ?? '',
    ...(typeof code === 'string' ? { code } : {}),
    arrivedAt,
  };
}

/**
 * A kafkajs consumer in a group of its own on every outbound topic of the scenario, from the beginning. The lag uses
 * the message's create time (set by the clearing house's producer), so this reader's own fetch delay does not count.
 */
export class KafkaOutboundObserver implements OutboundObserver {
  readonly observations: OutboundObservation[] = [];
  private consumer?: Consumer;

  constructor(
    private readonly kafka: Kafka,
    private readonly topicPrefix: string,
  ) {}

  async watch(parties: readonly string[]): Promise<void> {
    const topics = parties.map((party) => this.topicPrefix + partnerOutboundTopic(party));
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      // The clearing house creates a partner's topic on its first message; creating them now lets one subscription
      // cover them all (3 partitions, like the clearing house's own topics). Existing topics are left as they are.
      await admin.createTopics({
        waitForLeaders: true,
        topics: topics.map((topic) => ({ topic, numPartitions: 3, replicationFactor: 1 })),
      });
    } finally {
      await admin.disconnect();
    }
    const consumer = this.kafka.consumer({ groupId: `load-observer-${randomUUID()}`, maxWaitTimeInMs: 100 });
    this.consumer = consumer;
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        const match = OUTBOUND_TOPIC.exec(batch.topic.slice(this.topicPrefix.length));
        if (!match) return;
        for (const message of batch.messages) {
          const headers: Record<string, string> = {};
          for (const [name, value] of Object.entries(message.headers ?? {})) {
            const first = Array.isArray(value) ? value[0] : value;
            if (first !== undefined) headers[name] = first.toString();
          }
          const seen = observationOf(
            match[1],
            message.value?.toString('utf8') ?? '',
            headers,
            Number(message.timestamp),
          );
          if (seen) this.observations.push(seen);
        }
      },
    });
    await withTimeout(joined, 60_000, 'the outbound observer did not join its consumer group within 60 s');
  }

  async close(): Promise<void> {
    await this.consumer?.disconnect();
  }
}

/**
 * The embedded clearing house's bus, with a tap: every message published to a partner's outbound topic is noted as it
 * is published (in-process, that is its arrival on the topic). Nothing else changes, and no consumer is added, so the
 * observation costs the system under test no transaction.
 */
export class ObservedInProcessBus extends InProcessMessageBus implements OutboundObserver {
  readonly observations: OutboundObservation[] = [];
  private parties = new Set<string>();

  constructor(options: InProcessMessageBusOptions) {
    super(options);
  }

  async watch(parties: readonly string[]): Promise<void> {
    this.parties = new Set(parties);
  }

  override async publish(messages: readonly OutboundMessage[]): Promise<void> {
    const now = Date.now();
    for (const message of messages) {
      const match = OUTBOUND_TOPIC.exec(message.topic);
      if (!match || !this.parties.has(match[1])) continue;
      const seen = observationOf(match[1], JSON.stringify(message.value ?? null), message.headers, now);
      if (seen) this.observations.push(seen);
    }
    await super.publish(messages);
  }
}

async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
