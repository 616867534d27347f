import { Query } from '@nestjs/cqrs';
import type { TransactionFilter, TransactionPage, TransactionView } from '../../transactions.repository';

export type PartnerTransactionsFilter = Omit<TransactionFilter, 'partyIds'>;

export type PartnerTransactionsResult =
  { format: 'json'; page: TransactionPage } | { format: 'csv'; rows: AsyncGenerator<TransactionView[]> };

export class ListPartnerTransactionsQuery extends Query<PartnerTransactionsResult> {
  constructor(
    readonly partnerId: string,
    readonly filter: PartnerTransactionsFilter,
    readonly output: { format: 'json'; limit: number; cursor?: string } | { format: 'csv' },
  ) {
    super();
  }
}
