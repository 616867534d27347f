import { type InboundCdrV1, TOPICS } from '@roaming/contracts';
import { HEADER, type MessageBus } from '@roaming/messaging';
import { type PartnerSigningKey, signedPartnerMessage } from '@roaming/platform';
import { randomUUID } from 'crypto';
import { type Kafka, type Message, Partitioners, type Producer } from 'kafkajs';
import type { Door } from '../measure/recorder';

/**
 * The B2B topic door for CDRs (`b2b.cdrs.inbound.v1`, key = the CPO's party id), as a CPO's backend uses it. Each
 * message gets a new message id, as a CPO's producer would give a re-sent CDR: the hub must recognise the CDR by its
 * natural key, not by the message. Each is signed with the CPO's API key (x-api-key-id, x-signature), as the door
 * requires.
 */
export interface CdrIntake {
  readonly door: Door;
  /** Resolves once the door took the CDR: the broker's ack (Kafka), the consumer's commit (in-process bus). */
  send(cpoPartyId: string, cdr: InboundCdrV1, signer: PartnerSigningKey): Promise<void>;
  close(): Promise<void>;
}

interface Pending {
  message: Message;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * kafkajs producer with natural batching: while one batch is on its way, new CDRs queue and leave together in the
 * next one (up to `maxBatch`), the way a client's linger works, so a high rate does not cost one request each.
 */
export class KafkaCdrIntake implements CdrIntake {
  readonly door = 'kafka' as const;
  private readonly queue: Pending[] = [];
  private flushing = false;
  private producer?: Promise<Producer>;

  constructor(
    private readonly kafka: Kafka,
    private readonly topic = TOPICS.b2bCdrsInbound as string,
    private readonly maxBatch = 500,
  ) {}

  send(cpoPartyId: string, cdr: InboundCdrV1, signer: PartnerSigningKey): Promise<void> {
    const signed = signedCdr(cpoPartyId, cdr, signer);
    return new Promise<void>((resolve, reject) => {
      this.queue.push({
        message: { key: signed.key, value: signed.rawValue, headers: signed.headers },
        resolve,
        reject,
      });
      if (!this.flushing) void this.flush();
    });
  }

  async close(): Promise<void> {
    while (this.flushing || this.queue.length > 0) await new Promise((resolve) => setTimeout(resolve, 10));
    const producer = await this.producer?.catch(() => undefined);
    await producer?.disconnect();
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.maxBatch);
        try {
          const producer = await this.connected();
          await producer.send({ topic: this.topic, acks: -1, messages: batch.map((p) => p.message) });
          batch.forEach((p) => p.resolve());
        } catch (error) {
          batch.forEach((p) => p.reject(error));
        }
      }
    } finally {
      this.flushing = false;
    }
  }

  private connected(): Promise<Producer> {
    this.producer ??= (async () => {
      const producer = this.kafka.producer({
        allowAutoTopicCreation: false,
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      await producer.connect();
      return producer;
    })();
    this.producer.catch(() => (this.producer = undefined));
    return this.producer;
  }
}

/**
 * The embedded clearing house has no broker: its topics live on the in-process bus. Publishing there reaches the same
 * consumer (cdr-forwarding's intake) with the same message; `publish` resolves only once the consumer committed, so
 * this door's latency includes the processing, unlike a broker's ack.
 */
export class BusCdrIntake implements CdrIntake {
  readonly door = 'bus' as const;

  constructor(private readonly bus: MessageBus) {}

  async send(cpoPartyId: string, cdr: InboundCdrV1, signer: PartnerSigningKey): Promise<void> {
    await this.bus.publish([signedCdr(cpoPartyId, cdr, signer)]);
  }

  async close(): Promise<void> {
    // The bus belongs to the application, which closes it.
  }
}

/** A CDR as the CPO's producer sends it: a new message id, signed for the door's topic (never a deployment prefix). */
function signedCdr(cpoPartyId: string, cdr: InboundCdrV1, signer: PartnerSigningKey) {
  const messageId = randomUUID();
  return signedPartnerMessage(signer, {
    topic: TOPICS.b2bCdrsInbound,
    key: cpoPartyId,
    value: cdr,
    messageId,
    headers: { [HEADER.type]: 'Cdr', [HEADER.correlationId]: messageId },
  });
}
