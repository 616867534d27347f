import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Database } from '@roaming/event-store';
import { Clock } from '@roaming/shared-kernel';
import { ContractBook } from '../../contract-book/contract-book';
import { EvContractErrors } from '../../domain/ev-contract.errors';
import { ownedEmaid } from '../ev-contract-access';
import { type EvContractView, toEvContractView } from '../ev-contract.view';
import { GetContractQuery } from './get-contract.query';

/** The contract and its tokens as the contract book holds them (current after every committed change), for its EVSP. */
@QueryHandler(GetContractQuery)
export class GetContractHandler implements IQueryHandler<GetContractQuery, EvContractView> {
  constructor(
    private readonly book: ContractBook,
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  async execute({ emaid: rawEmaid, principal }: GetContractQuery): Promise<EvContractView> {
    const emaid = ownedEmaid(rawEmaid, principal);
    const state = await this.book.contract(this.db, emaid.value);
    if (state.kind !== 'registered') throw EvContractErrors.notFound();
    return toEvContractView(state, this.clock.now().toISOString());
  }
}
