import { Module } from '@nestjs/common';
import { CdrForwardingCredentialsModule, CdrForwardingModule } from '@roaming/cdr-forwarding';
import { KafkaMessageBus, kafkaHealthCheck, MessageBus } from '@roaming/messaging';
import { type HealthCheck, InfrastructureModule, NamespacedMessageBus, PlatformModule } from '@roaming/platform';

export const APP_NAME = 'cdr-forwarding';

/** Readiness includes the broker when this process talks to Kafka (server mode). */
function brokerChecks(bus: MessageBus): HealthCheck[] {
  const kafka = bus instanceof NamespacedMessageBus ? bus.inner : bus;
  return kafka instanceof KafkaMessageBus ? [kafkaHealthCheck(kafka)] : [];
}

/**
 * The cdr-forwarding deployable on its own: adapters chosen from the configuration (embedded: PGlite + in-process
 * bus; server: PostgreSQL + Kafka), the HTTP platform authenticating against this context's copy of the credential
 * directory (schema `cdr`), and the context itself.
 */
@Module({
  imports: [
    InfrastructureModule.forRoot(APP_NAME),
    PlatformModule.forRoot({
      appName: APP_NAME,
      imports: [CdrForwardingCredentialsModule],
      healthChecks: { inject: [MessageBus], useFactory: (bus) => brokerChecks(bus as MessageBus) },
    }),
    CdrForwardingModule,
  ],
})
export class AppModule {}
