import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { assertActsFor } from '@roaming/platform';
import { Clock } from '@roaming/shared-kernel';
import { decodeKeyCursor, encodeKeyCursor } from '../../../shared/cursor';
import { ContractBook } from '../../contract-book/contract-book';
import { toEvContractView } from '../ev-contract.view';
import { type ContractPage, ListContractsQuery } from './list-contracts.query';

/** An EVSP's own contracts, in EMAID order, from the contract book (current after every committed change). */
@QueryHandler(ListContractsQuery)
export class ListContractsHandler implements IQueryHandler<ListContractsQuery, ContractPage> {
  constructor(
    private readonly book: ContractBook,
    private readonly clock: Clock,
  ) {}

  async execute({ principal, filter }: ListContractsQuery): Promise<ContractPage> {
    const parties = filter.emspPartyId ? [assertActsFor(principal, filter.emspPartyId)] : [...principal.partyIds];
    const after = decodeKeyCursor(filter.cursor);
    const rows = await this.book.page(parties, after, filter.limit + 1, filter.status);
    const page = rows.slice(0, filter.limit);
    const now = this.clock.now().toISOString();
    return {
      items: page.map((c) => toEvContractView(c, now)),
      nextCursor: rows.length > filter.limit ? encodeKeyCursor(page[page.length - 1].emaid) : null,
    };
  }
}
