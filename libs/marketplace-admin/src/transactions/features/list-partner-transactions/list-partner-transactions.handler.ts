import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DomainError } from '@roaming/shared-kernel';
import { partnerNotFound } from '../../../partners/partner-overview.errors';
import { PartnerOverviewRepository } from '../../../partners/partner-overview.repository';
import { TransactionsRepository } from '../../transactions.repository';
import { ListPartnerTransactionsQuery, type PartnerTransactionsResult } from './list-partner-transactions.query';

@QueryHandler(ListPartnerTransactionsQuery)
export class ListPartnerTransactionsHandler implements IQueryHandler<
  ListPartnerTransactionsQuery,
  PartnerTransactionsResult
> {
  constructor(
    private readonly partners: PartnerOverviewRepository,
    private readonly transactions: TransactionsRepository,
  ) {}

  async execute({ partnerId, filter, output }: ListPartnerTransactionsQuery): Promise<PartnerTransactionsResult> {
    if (
      filter.minValue !== undefined &&
      filter.maxValue !== undefined &&
      Number(filter.minValue) > Number(filter.maxValue)
    ) {
      throw DomainError.validation('VALUE_RANGE_INVALID', 'minValue is greater than maxValue', {
        field: 'minValue',
        rule: 'range',
      });
    }
    if (filter.from && filter.to && Date.parse(filter.from) >= Date.parse(filter.to)) {
      throw DomainError.validation('DATE_RANGE_INVALID', 'from is not before to', { field: 'from', rule: 'range' });
    }
    const partner = await this.partners.find(partnerId);
    if (!partner) throw partnerNotFound(partnerId);
    const scoped = { ...filter, partyIds: partner.partyIds };
    return output.format === 'csv'
      ? { format: 'csv', rows: this.transactions.all(scoped) }
      : { format: 'json', page: await this.transactions.page(scoped, output.limit, output.cursor) };
  }
}
