import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Database, EventStore, handleCommand, loadState } from '@roaming/event-store';
import { assertActsFor } from '@roaming/platform';
import { Clock, DomainError, Emaid } from '@roaming/shared-kernel';
import { writeConsistently } from '../../../shared/consistent-write';
import { eventMetadata } from '../../../shared/request-context';
import { tokenClaimDecider } from '../../../token-claim/domain/token-claim.decider';
import { TokenClaimErrors } from '../../../token-claim/domain/token-claim.errors';
import { tokenClaimStream } from '../../../token-claim/domain/token-claim.stream';
import { parseContractTokens } from '../../domain/contract-token';
import type { RegisterEvContract } from '../../domain/ev-contract.commands';
import { evContractDecider } from '../../domain/ev-contract.decider';
import { evContractStream } from '../../domain/ev-contract.stream';
import { type EvContractView, toEvContractView } from '../ev-contract.view';
import { RegisterContractCommand } from './register-contract.command';

/**
 * An EVSP registers a customer contract (GeM UC 1514, FTR 983 whitelist; IEC 63119 UC4-2 pre-distribution).
 * Each token uid is claimed for the contract (stream `tokenClaim-<EMSP>+<UID>`) and the contract recorded in one
 * transaction, so one card cannot end up on two contracts of the same EVSP. The EMAID is the natural key: the
 * identical registration sent again succeeds without change (a re-sync from the EVSP backend); a different one
 * under the same EMAID is CONTRACT_EXISTS.
 */
@CommandHandler(RegisterContractCommand)
export class RegisterContractHandler implements ICommandHandler<RegisterContractCommand, EvContractView> {
  constructor(
    private readonly db: Database,
    private readonly store: EventStore,
    private readonly clock: Clock,
  ) {}

  async execute({ request, context }: RegisterContractCommand): Promise<EvContractView> {
    const at = this.clock.now().toISOString();
    // Input first (400), then scope (403): bad input appends nothing.
    const emaid = Emaid.parse(request.emaid, 'emaid');
    const tokens = parseContractTokens(request.tokens, emaid.value);
    const emsp = assertActsFor(context.principal, emaid.providerId.value);
    const command: RegisterEvContract = {
      type: 'RegisterEvContract',
      data: {
        emaid: emaid.value,
        emspPartyId: emsp,
        tokens: request.tokens,
        validUntil: request.validUntil ?? null,
        at,
      },
    };
    const stream = evContractStream(emaid.value);
    const metadata = eventMetadata(context, emsp);

    const contract = await writeConsistently(this.db, async (tx) => {
      // Decide once on the current state before claiming anything: input and CONTRACT_EXISTS refusals come first.
      evContractDecider.decide(command, (await loadState(this.store, stream, evContractDecider, tx)).state);
      for (const [index, token] of tokens.entries()) {
        try {
          await handleCommand(
            this.store,
            tokenClaimStream(emsp, token.uid),
            tokenClaimDecider,
            { type: 'ClaimTokenUid', data: { emspPartyId: emsp, uid: token.uid, emaid: emaid.value, at } },
            { tx, metadata },
          );
        } catch (error) {
          if (error instanceof DomainError && error.code === 'TOKEN_UID_TAKEN') {
            throw TokenClaimErrors.taken(`tokens.${index}.uid`);
          }
          throw error;
        }
      }
      const { state } = await handleCommand(this.store, stream, evContractDecider, command, { tx, metadata });
      if (state.kind !== 'registered') throw new Error('contract missing after its registration');
      return state;
    });
    return toEvContractView(contract);
  }
}
