import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@roaming/shared-kernel';
import { eventMetadata } from '../../../shared/request-context';
import { ownedEmaid } from '../ev-contract-access';
import { EvContractWriter } from '../ev-contract-writer';
import { type EvContractView, toEvContractView } from '../ev-contract.view';
import { ChangeContractStatusCommand } from './change-contract-status.command';

/**
 * The EVSP sets the whole contract's status: blocked or stolen (GeM UC 1502 failure reasons), deactivated ("delete",
 * UC 1516: "customer contracts cannot be deleted completely"), or active again. Every token follows it.
 */
@CommandHandler(ChangeContractStatusCommand)
export class ChangeContractStatusHandler implements ICommandHandler<ChangeContractStatusCommand, EvContractView> {
  constructor(
    private readonly writer: EvContractWriter,
    private readonly clock: Clock,
  ) {}

  async execute({ emaid: rawEmaid, status, context }: ChangeContractStatusCommand): Promise<EvContractView> {
    const at = this.clock.now().toISOString();
    const emaid = ownedEmaid(rawEmaid, context.principal);
    const { contract } = await this.writer.execute(
      emaid,
      () => ({ type: 'ChangeContractStatus', data: { emaid: emaid.value, status, at } }),
      eventMetadata(context, emaid.providerId.value),
      at,
    );
    return toEvContractView(contract, at);
  }
}
