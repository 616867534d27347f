import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../../shared/request-context';
import type { EvContractView } from '../ev-contract.view';

export class RegisterContractCommand extends Command<EvContractView> {
  constructor(
    readonly request: { emaid: string; tokens: { uid: string; type: string }[]; validUntil?: string },
    readonly context: RequestContext,
  ) {
    super();
  }
}
