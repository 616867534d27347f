import { Query } from '@nestjs/cqrs';
import type { Principal } from '@roaming/platform';
import type { ContractStatus } from '../../domain/contract-record';
import type { EvContractView } from '../ev-contract.view';

export interface ContractPage {
  items: EvContractView[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

export class ListContractsQuery extends Query<ContractPage> {
  constructor(
    readonly principal: Principal,
    readonly filter: { limit: number; cursor?: string; status?: ContractStatus; emspPartyId?: string },
  ) {
    super();
  }
}
