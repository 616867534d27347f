import {
  type BatchSubscriptionOptions,
  type InboundMessage,
  MessageBus,
  type OutboundMessage,
  type Subscription,
  type SubscriptionOptions,
} from '@roaming/messaging';

/**
 * Puts every topic of this process under a prefix (KAFKA_TOPIC_PREFIX), so that several environments (or test runs)
 * can share one Kafka cluster without reading each other's messages. Contexts keep using the plain topic names.
 */
export class NamespacedMessageBus extends MessageBus {
  constructor(
    readonly inner: MessageBus,
    private readonly prefix: string,
  ) {
    super();
  }

  publish(messages: readonly OutboundMessage[]): Promise<void> {
    return this.inner.publish(messages.map((m) => ({ ...m, topic: this.prefix + m.topic })));
  }

  subscribe(options: SubscriptionOptions): Promise<Subscription> {
    return this.inner.subscribe({
      ...options,
      groupId: this.prefix + options.groupId,
      topics: options.topics.map((t) => this.prefix + t),
      handler: (message: InboundMessage, context) =>
        options.handler({ ...message, topic: this.strip(message.topic) }, context),
    });
  }

  override subscribeBatch(options: BatchSubscriptionOptions): Promise<Subscription> {
    return this.inner.subscribeBatch({
      ...options,
      groupId: this.prefix + options.groupId,
      topics: options.topics.map((t) => this.prefix + t),
      handler: (messages, context) => {
        const stripped = messages.map((m) => ({ ...m, topic: this.strip(m.topic) }));
        // The inner bus dead-letters by the prefixed topic: hand a rejection back as the message it gave.
        const reject = (m: InboundMessage, reason: string) =>
          context.reject(messages[stripped.indexOf(m)] ?? m, reason);
        return options.handler(stripped, { tx: context.tx, reject });
      },
    });
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  private strip(topic: string): string {
    return topic.startsWith(this.prefix) ? topic.slice(this.prefix.length) : topic;
  }
}
