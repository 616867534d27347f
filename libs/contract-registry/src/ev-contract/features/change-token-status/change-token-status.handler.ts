import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventStore, handleCommand } from '@roaming/event-store';
import { Clock } from '@roaming/shared-kernel';
import { eventMetadata } from '../../../shared/request-context';
import { namesToken } from '../../domain/contract-token';
import { evContractDecider } from '../../domain/ev-contract.decider';
import type { TokenStatus } from '../../domain/ev-contract.state';
import { evContractStream } from '../../domain/ev-contract.stream';
import { ownedEmaid } from '../ev-contract-access';
import { ChangeTokenStatusCommand } from './change-token-status.command';

/**
 * The owning EVSP blocks or unblocks one token of a contract (GeM UC 1502 "contract has been blocked"; GeM 983
 * keeps the hub's whitelist in sync with the EVSP). Repeating the same change does nothing.
 */
@CommandHandler(ChangeTokenStatusCommand)
export class ChangeTokenStatusHandler implements ICommandHandler<ChangeTokenStatusCommand, { status: TokenStatus }> {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
  ) {}

  async execute({ emaid: rawEmaid, uid, target, context }: ChangeTokenStatusCommand): Promise<{ status: TokenStatus }> {
    const emaid = ownedEmaid(rawEmaid, context.principal);
    const at = this.clock.now().toISOString();
    const { state } = await handleCommand(
      this.store,
      evContractStream(emaid.value),
      evContractDecider,
      target === 'blocked'
        ? { type: 'BlockToken', data: { emaid: emaid.value, uid, at } }
        : { type: 'UnblockToken', data: { emaid: emaid.value, uid, at } },
      { metadata: eventMetadata(context, emaid.providerId.value) },
    );
    const token = state.kind === 'registered' ? state.tokens.find((t) => namesToken(t, uid, emaid.value)) : undefined;
    return { status: token?.status ?? target };
  }
}
