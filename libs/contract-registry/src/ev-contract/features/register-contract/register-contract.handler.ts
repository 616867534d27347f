import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { assertActsFor } from '@roaming/platform';
import { Clock, Emaid } from '@roaming/shared-kernel';
import { PartyDirectory } from '../../../partner/party-directory';
import { eventMetadata } from '../../../shared/request-context';
import { parseContractSubmission } from '../../domain/contract-submission';
import { ContractBook } from '../../contract-book/contract-book';
import { assertStoresContractsHere } from '../ev-contract-access';
import { EvContractWriter } from '../ev-contract-writer';
import { type EvContractView, toEvContractView } from '../ev-contract.view';
import { RegisterContractCommand } from './register-contract.command';

/**
 * An EVSP registers a customer contract (GeM UC 1514, FTR 983 whitelist; IEC 63119 UC4-2 pre-distribution): the EMAID
 * and its tokens, with status, validity, allowed services and the offline permission. A token uid names one contract
 * per EVSP (checked on the contract book, see ContractBook). The EMAID is the natural key: the identical registration
 * sent again succeeds without change; a different one under the same EMAID is CONTRACT_EXISTS (use PUT to change it).
 */
@CommandHandler(RegisterContractCommand)
export class RegisterContractHandler implements ICommandHandler<RegisterContractCommand, EvContractView> {
  constructor(
    private readonly writer: EvContractWriter,
    private readonly book: ContractBook,
    private readonly parties: PartyDirectory,
    private readonly clock: Clock,
  ) {}

  async execute({ submission, context }: RegisterContractCommand): Promise<EvContractView> {
    const at = this.clock.now().toISOString();
    // Input first (400), then scope (403): bad input appends nothing.
    const emaid = Emaid.parse(submission.emaid, 'emaid');
    const emsp = assertActsFor(context.principal, emaid.providerId.value);
    const uids = parseContractSubmission(submission, emsp).tokens.map((t) => t.uid);
    const { contract } = await this.writer.execute(
      emaid,
      async (_state, tx) => {
        await assertStoresContractsHere(this.parties, emsp, tx);
        const uidOwners = await this.book.uidOwners(tx, emsp, uids);
        return { type: 'RegisterEvContract', data: { submission, emspPartyId: emsp, uidOwners, at } };
      },
      eventMetadata(context, emsp),
      at,
    );
    return toEvContractView(contract, at);
  }
}
