import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../../shared/request-context';
import type { ContractBatchReceipt } from './contract-batch.applier';

export class UploadContractBatchCommand extends Command<ContractBatchReceipt> {
  constructor(
    readonly emspPartyId: string | undefined,
    readonly contracts: readonly unknown[],
    readonly context: RequestContext,
  ) {
    super();
  }
}
