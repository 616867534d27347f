import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../../shared/request-context';
import type { ContractSubmission } from '../../domain/contract-submission';
import type { EvContractView } from '../ev-contract.view';

export class RegisterContractCommand extends Command<EvContractView> {
  constructor(
    readonly submission: ContractSubmission,
    readonly context: RequestContext,
  ) {
    super();
  }
}
