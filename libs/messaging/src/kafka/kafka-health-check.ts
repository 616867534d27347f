import type { KafkaMessageBus } from './kafka-message-bus';

/** Shape-compatible with the platform's HealthCheck: a name and a check that rejects when unhealthy. */
export interface KafkaHealthCheck {
  readonly name: 'kafka';
  check(): Promise<void>;
}

/** Healthy when the cluster answers a metadata request within `timeoutMs`. */
export function kafkaHealthCheck(bus: KafkaMessageBus, options: { timeoutMs?: number } = {}): KafkaHealthCheck {
  return {
    name: 'kafka',
    check: async () => {
      await bus.describeCluster(options.timeoutMs ?? 3_000);
    },
  };
}
