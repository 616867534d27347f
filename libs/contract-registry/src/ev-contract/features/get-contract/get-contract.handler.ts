import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { EventStore, loadState } from '@roaming/event-store';
import { evContractDecider } from '../../domain/ev-contract.decider';
import { EvContractErrors } from '../../domain/ev-contract.errors';
import { evContractStream } from '../../domain/ev-contract.stream';
import { ownedEmaid } from '../ev-contract-access';
import { type EvContractDetailView, toEvContractDetail } from '../ev-contract.view';
import { GetContractQuery } from './get-contract.query';

/** The contract and its tokens, read from its stream, for its EVSP only. */
@QueryHandler(GetContractQuery)
export class GetContractHandler implements IQueryHandler<GetContractQuery, EvContractDetailView> {
  constructor(private readonly store: EventStore) {}

  async execute({ emaid: rawEmaid, principal }: GetContractQuery): Promise<EvContractDetailView> {
    const emaid = ownedEmaid(rawEmaid, principal);
    const { state } = await loadState(this.store, evContractStream(emaid.value), evContractDecider);
    if (state.kind !== 'registered') throw EvContractErrors.notFound();
    return toEvContractDetail(state);
  }
}
