import { Query } from '@nestjs/cqrs';
import type { PartnerOverview } from '../../partner-overview.repository';
import type { TransactionTotals } from '../../../transactions/transactions.repository';

export interface PartnerOverviewView extends PartnerOverview {
  /** Counts, values and energy of its transactions per role, kind, status and currency (GeM 927). */
  transactions: TransactionTotals[];
}

export class GetPartnerOverviewQuery extends Query<PartnerOverviewView> {
  constructor(readonly partnerId: string) {
    super();
  }
}
