import type { AsyncLocalStorage } from 'async_hooks';
import type { DeliveryOutcome, ReliableHandler } from '../consumer/reliable-handler';
import type { InboundMessage } from '../message-bus.port';

/** The consumer groups whose handlers are running further up the current call chain. */
export type DeliveryChain = readonly string[];

/**
 * One consumer group of the in-process bus: its deliveries run one at a time, in the order they were enqueued,
 * which gives the per-key order a Kafka partition gives (and more).
 */
export class ConsumerGroupQueue {
  private tail: Promise<unknown> = Promise.resolve();

  /** `abort` is the signal `handle` was built with: aborting it makes waiting deliveries give up on close. */
  constructor(
    readonly groupId: string,
    readonly topics: ReadonlySet<string>,
    private readonly handle: ReliableHandler,
    private readonly abort: AbortController,
    private readonly chain: AsyncLocalStorage<DeliveryChain>,
  ) {}

  enqueue(message: InboundMessage, callers: DeliveryChain): Promise<DeliveryOutcome> {
    const delivery = this.tail.then(() => this.chain.run([...callers, this.groupId], () => this.handle(message)));
    this.tail = delivery.catch(() => undefined);
    return delivery;
  }

  async close(): Promise<void> {
    this.abort.abort();
    await this.tail;
  }
}
