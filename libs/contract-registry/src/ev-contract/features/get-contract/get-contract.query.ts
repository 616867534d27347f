import { Query } from '@nestjs/cqrs';
import type { Principal } from '@roaming/platform';
import type { EvContractView } from '../ev-contract.view';

export class GetContractQuery extends Query<EvContractView> {
  constructor(
    readonly emaid: string,
    readonly principal: Principal,
  ) {
    super();
  }
}
