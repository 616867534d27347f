import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../../shared/request-context';
import type { ContractStatus } from '../../domain/contract-record';
import type { EvContractView } from '../ev-contract.view';

export class ChangeContractStatusCommand extends Command<EvContractView> {
  constructor(
    readonly emaid: string,
    readonly status: ContractStatus,
    readonly context: RequestContext,
  ) {
    super();
  }
}
