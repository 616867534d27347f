import type { Database } from '@roaming/event-store';

/**
 * One dependency readiness depends on. `check` resolves when the dependency answers and rejects otherwise.
 * Libraries contribute their own (the messaging lib's Kafka check implements this interface too).
 */
export interface HealthCheck {
  readonly name: string;
  check(): Promise<void>;
}

/** Injection token of the `HealthCheck[]` that GET /health/ready runs; PlatformModule provides it. */
export const HEALTH_CHECKS = Symbol('HEALTH_CHECKS');

export function databaseHealthCheck(db: Database): HealthCheck {
  return {
    name: 'database',
    check: async () => {
      await db.query('SELECT 1');
    },
  };
}
