import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@roaming/shared-kernel';
import { eventMetadata } from '../../../shared/request-context';
import type { TokenStatus } from '../../domain/contract-record';
import { namesToken } from '../../domain/contract-token';
import type { EvContractCommand } from '../../domain/ev-contract.commands';
import { ownedEmaid } from '../ev-contract-access';
import { EvContractWriter } from '../ev-contract-writer';
import { ChangeTokenStatusCommand } from './change-token-status.command';

/**
 * The owning EVSP blocks, unblocks, reports stolen or deactivates one token of a contract (GeM UC 1502 "contract has
 * been blocked"; GeM 983 keeps the hub's whitelist in sync with the EVSP). Repeating the same change does nothing.
 */
@CommandHandler(ChangeTokenStatusCommand)
export class ChangeTokenStatusHandler implements ICommandHandler<ChangeTokenStatusCommand, { status: TokenStatus }> {
  constructor(
    private readonly writer: EvContractWriter,
    private readonly clock: Clock,
  ) {}

  async execute({ emaid: rawEmaid, uid, change, context }: ChangeTokenStatusCommand): Promise<{ status: TokenStatus }> {
    const emaid = ownedEmaid(rawEmaid, context.principal);
    const at = this.clock.now().toISOString();
    const data = { emaid: emaid.value, uid, at };
    const command: EvContractCommand =
      change.action === 'block'
        ? { type: 'BlockToken', data }
        : change.action === 'unblock'
          ? { type: 'UnblockToken', data }
          : { type: 'ChangeTokenStatus', data: { ...data, status: change.status } };
    const { contract } = await this.writer.execute(
      emaid,
      () => command,
      eventMetadata(context, emaid.providerId.value),
      at,
    );
    const token = contract.tokens.find((t) => namesToken(t, uid, emaid.value));
    if (!token) throw new Error(`token missing on ${emaid.value} after its change`);
    return { status: token.status };
  }
}
