import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { assertActsFor } from '@roaming/platform';
import { Clock, Emaid } from '@roaming/shared-kernel';
import { PartyDirectory } from '../../../partner/party-directory';
import { eventMetadata } from '../../../shared/request-context';
import { ContractBook } from '../../contract-book/contract-book';
import { parseContractSubmission } from '../../domain/contract-submission';
import { assertStoresContractsHere } from '../ev-contract-access';
import { EvContractWriter } from '../ev-contract-writer';
import { type EvContractView, toEvContractView } from '../ev-contract.view';
import { StoreContractCommand } from './store-contract.command';

/**
 * PUT: the EVSP stores the contract's whole record, registering it or changing it (GeM UC 1514 create, UC 1515
 * change; 983 "keeps in sync with the binding customer data at the EVSP"). Tokens it no longer lists stay,
 * deactivated. The same record again changes nothing.
 */
@CommandHandler(StoreContractCommand)
export class StoreContractHandler implements ICommandHandler<StoreContractCommand, EvContractView> {
  constructor(
    private readonly writer: EvContractWriter,
    private readonly book: ContractBook,
    private readonly parties: PartyDirectory,
    private readonly clock: Clock,
  ) {}

  async execute({ submission, context }: StoreContractCommand): Promise<EvContractView> {
    const at = this.clock.now().toISOString();
    const emaid = Emaid.parse(submission.emaid, 'emaid');
    const emsp = assertActsFor(context.principal, emaid.providerId.value);
    const uids = parseContractSubmission(submission, emsp).tokens.map((t) => t.uid);
    const { contract } = await this.writer.execute(
      emaid,
      async (_state, tx) => {
        await assertStoresContractsHere(this.parties, emsp, tx);
        const uidOwners = await this.book.uidOwners(tx, emsp, uids);
        return { type: 'StoreEvContract', data: { submission, emspPartyId: emsp, uidOwners, at } };
      },
      eventMetadata(context, emsp),
      at,
    );
    return toEvContractView(contract, at);
  }
}
