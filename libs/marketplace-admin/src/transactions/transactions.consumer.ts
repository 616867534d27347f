import { Injectable } from '@nestjs/common';
import { parseIntegrationMessage, TOPICS } from '@roaming/contracts';
import { type InboundMessage, MessageBus, type MessageHandlerContext, type Subscription } from '@roaming/messaging';
import { transactionRecord } from './transaction-record';
import { TransactionsRepository } from './transactions.repository';

export const TRANSACTIONS_GROUP = 'marketplace-admin.transactions';
/** The topics whose messages are service transactions (GeM 1491): decisions of the switch, forwarded records. */
export const TRANSACTION_TOPICS = [TOPICS.authorizationEvents, TOPICS.cdrForwardingEvents] as const;

/** Records every authorization and CDR outcome the contexts publish, once per message id. */
@Injectable()
export class TransactionsConsumer {
  private subscription?: Subscription;

  constructor(
    private readonly bus: MessageBus,
    private readonly transactions: TransactionsRepository,
  ) {}

  async start(): Promise<void> {
    this.subscription ??= await this.bus.subscribe({
      groupId: TRANSACTIONS_GROUP,
      topics: TRANSACTION_TOPICS,
      handler: (message, context) => this.handle(message, context),
    });
  }

  async stop(): Promise<void> {
    await this.subscription?.close();
    this.subscription = undefined;
  }

  async handle(message: InboundMessage, { tx }: MessageHandlerContext): Promise<void> {
    const record = transactionRecord(parseIntegrationMessage(message.rawValue));
    if (record) await this.transactions.record(tx, record);
  }
}
