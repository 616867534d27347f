import { Module } from '@nestjs/common';
import { AuthorizationCredentialsModule, AuthorizationModule } from '@roaming/authorization';
import { KafkaMessageBus, kafkaHealthCheck, MessageBus } from '@roaming/messaging';
import { type HealthCheck, InfrastructureModule, NamespacedMessageBus, PlatformModule } from '@roaming/platform';

export const APP_NAME = 'authorization';

/** Readiness includes the broker when this process talks to Kafka (server mode). */
function brokerChecks(bus: MessageBus): HealthCheck[] {
  const kafka = bus instanceof NamespacedMessageBus ? bus.inner : bus;
  return kafka instanceof KafkaMessageBus ? [kafkaHealthCheck(kafka)] : [];
}

/**
 * The authorization deployable (the hub's transaction switch) on its own: adapters from the configuration
 * (embedded: PGlite + in-process bus; server: PostgreSQL + Kafka), the HTTP platform authenticating against this
 * context's copy of the credential directory, and the context itself.
 */
@Module({
  imports: [
    InfrastructureModule.forRoot(APP_NAME),
    PlatformModule.forRoot({
      appName: APP_NAME,
      imports: [AuthorizationCredentialsModule],
      healthChecks: { inject: [MessageBus], useFactory: (bus) => brokerChecks(bus as MessageBus) },
    }),
    AuthorizationModule,
  ],
})
export class AppModule {}
