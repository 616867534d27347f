import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { TransactionsRepository } from '../../../transactions/transactions.repository';
import { partnerNotFound } from '../../partner-overview.errors';
import { PartnerOverviewRepository } from '../../partner-overview.repository';
import { GetPartnerOverviewQuery, type PartnerOverviewView } from './get-partner-overview.query';

@QueryHandler(GetPartnerOverviewQuery)
export class GetPartnerOverviewHandler implements IQueryHandler<GetPartnerOverviewQuery, PartnerOverviewView> {
  constructor(
    private readonly partners: PartnerOverviewRepository,
    private readonly transactions: TransactionsRepository,
  ) {}

  async execute({ partnerId }: GetPartnerOverviewQuery): Promise<PartnerOverviewView> {
    const partner = await this.partners.find(partnerId);
    if (!partner) throw partnerNotFound(partnerId);
    return { ...partner, transactions: await this.transactions.totals(partner.partyIds) };
  }
}
