import { TOPICS } from '@roaming/contracts';
import { INVOICE_BOOK_CATEGORY } from './invoicing/book/invoice-book';
import { RECORD_CATEGORY } from './record/domain/record';
import { STATEMENT_CATEGORY } from './statement/domain/statement';

/** What settlement consumes (for the operator's dead-letter doors) and the categories its forwarder publishes. */
export const SETTLEMENT_CONSUMED_TOPICS: readonly string[] = [
  TOPICS.contractRegistryEvents,
  TOPICS.cdrForwardingEvents,
];
export const RECORDS_GROUP_TOPICS: string[] = [TOPICS.cdrForwardingEvents];
export const SETTLEMENT_CATEGORIES: string[] = [RECORD_CATEGORY, STATEMENT_CATEGORY, INVOICE_BOOK_CATEGORY];
