import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { assertActsFor } from '@roaming/platform';
import { Clock, DomainError, IdGenerator } from '@roaming/shared-kernel';
import { eventMetadata, newAggregateId } from '../../../shared/request-context';
import { ContractBatchApplier, type ContractBatchReceipt } from './contract-batch.applier';
import { UploadContractBatchCommand } from './upload-contract-batch.command';

/**
 * Bulk upload and delta updates of an EVSP's contracts over REST (GeM 983: "CRUD operations ... via APIs, so that
 * syncing can be triggered from external systems such as EVSP Backends"): thousands of contract records per request,
 * stored all or nothing. The Idempotency-Key names the batch, so a retried request answers the first one's receipt.
 */
@CommandHandler(UploadContractBatchCommand)
export class UploadContractBatchHandler implements ICommandHandler<UploadContractBatchCommand, ContractBatchReceipt> {
  constructor(
    private readonly applier: ContractBatchApplier,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async execute({ emspPartyId, contracts, context }: UploadContractBatchCommand): Promise<ContractBatchReceipt> {
    const emsp = emspPartyId ? assertActsFor(context.principal, emspPartyId) : soleParty(context.principal.partyIds);
    return this.applier.apply({
      batchId: newAggregateId('contract-batch', context, this.ids),
      emspPartyId: emsp,
      source: 'rest',
      rows: contracts,
      metadata: eventMetadata(context, emsp),
      at: this.clock.now().toISOString(),
    });
  }
}

function soleParty(partyIds: readonly string[]): string {
  if (partyIds.length !== 1) {
    throw DomainError.validation('EMSP_PARTY_REQUIRED', 'you act for several parties: say which in emspPartyId', {
      field: 'emspPartyId',
      rule: 'required-for-several-parties',
    });
  }
  return partyIds[0];
}
