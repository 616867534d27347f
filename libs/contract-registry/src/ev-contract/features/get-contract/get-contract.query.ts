import { Query } from '@nestjs/cqrs';
import type { Principal } from '@roaming/platform';
import type { EvContractDetailView } from '../ev-contract.view';

export class GetContractQuery extends Query<EvContractDetailView> {
  constructor(
    readonly emaid: string,
    readonly principal: Principal,
  ) {
    super();
  }
}
