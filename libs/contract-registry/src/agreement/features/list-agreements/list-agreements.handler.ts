import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { PartyId } from '@roaming/shared-kernel';
import { AgreementListReader, type AgreementPage } from '../../projections/agreement-list/agreement-list.reader';
import { hasOversight } from '../agreement-access';
import { ListAgreementsQuery } from './list-agreements.query';

/**
 * The caller's agreements (as CPO or as EVSP), or every agreement for the operator and auditors (GeM UC 1245: search
 * service contracts; the Business Operator sees all).
 */
@QueryHandler(ListAgreementsQuery)
export class ListAgreementsHandler implements IQueryHandler<ListAgreementsQuery, AgreementPage> {
  constructor(private readonly reader: AgreementListReader) {}

  execute({ principal, filter }: ListAgreementsQuery): Promise<AgreementPage> {
    return this.reader.page({
      partyIds: hasOversight(principal) ? null : principal.partyIds,
      status: filter.status,
      counterpartyId: filter.partyId ? PartyId.parse(filter.partyId, 'partyId').value : undefined,
      limit: filter.limit,
      cursor: filter.cursor,
    });
  }
}
