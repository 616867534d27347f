import type { Message, Producer } from 'kafkajs';

export interface ProduceAtRateOptions {
  producer: Producer;
  topic: string;
  /** Built (and signed) before the clock starts: producing them is all the loop does. */
  messages: readonly Message[];
  /** Records per second, whatever the consumer side does (an open model). */
  rate: number;
  warmupMs: number;
  /**
   * Once, when the warm-up ends, before that tick's records go out (e.g. to take CPU and store counts): records sent
   * at or after `measureFrom` are the measured ones.
   */
  onMeasureStart?: (measureFrom: number) => Promise<void>;
  /** Each record as it goes out: its index in `messages` and the time (ms since epoch). */
  onSent: (index: number, at: number) => void;
}

export interface Produced {
  startedAt: number;
  measureFrom: number;
  /** When the broker had acknowledged the last record. */
  lastSentAt: number;
  /** How far the producer fell behind its schedule at worst. */
  maxBehindMs: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Produces the records at a fixed rate, as CPOs' backends would: every 10 ms the records due by then in one send
 * (acks from all replicas), without waiting for earlier sends to be acknowledged.
 */
export async function produceAtRate(options: ProduceAtRateOptions): Promise<Produced> {
  const { producer, topic, messages, rate } = options;
  const startedAt = Date.now();
  const measureFrom = startedAt + options.warmupMs;
  const inFlight = new Set<Promise<unknown>>();
  let measuring = false;
  let sent = 0;
  let maxBehindMs = 0;
  while (sent < messages.length) {
    const now = Date.now();
    if (!measuring && now >= measureFrom) {
      measuring = true;
      await options.onMeasureStart?.(measureFrom);
    }
    const due = Math.min(messages.length, Math.floor(((now - startedAt) / 1000) * rate));
    maxBehindMs = Math.max(maxBehindMs, ((due - sent) / rate) * 1000);
    if (due > sent) {
      const batch: Message[] = [];
      for (; sent < due; sent++) {
        options.onSent(sent, now);
        batch.push(messages[sent]);
      }
      const sending = producer.send({ topic, acks: -1, messages: batch });
      inFlight.add(sending);
      void sending.finally(() => inFlight.delete(sending));
    }
    await sleep(10);
  }
  await Promise.all(inFlight);
  return { startedAt, measureFrom, lastSentAt: Date.now(), maxBehindMs };
}
