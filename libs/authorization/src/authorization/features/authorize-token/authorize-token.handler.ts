import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventStore, handleCommand } from '@roaming/event-store';
import {
  CLEARING_HOUSE_NAMESPACE,
  Clock,
  DomainError,
  EvseId,
  IdGenerator,
  TokenUid,
  uuidV5,
} from '@roaming/shared-kernel';
import { RegistryViewRepository } from '../../../integration/registry-view/registry-view.repository';
import {
  type AuthorizationFacts,
  authorizationDecider,
  authorizationStream,
  type AuthorizeToken,
  type PresentedToken,
  tokenKey,
} from '../../domain';
import { AuthorizationDecisionResponseDto } from './authorization-decision.response.dto';
import { AuthorizeTokenCommand } from './authorize-token.command';

/**
 * IEC 63119-2 UC3-1 (start charging locally at the EVSE, via the clearing house) and UC4-1 (online identification
 * at the visited CSO): checks the caller owns the EVSE, looks up the facts in the registry view, and lets the
 * authorization decider record the answer. With an Idempotency-Key the authorization id is a function of
 * (caller, key), so a retry lands on the same stream and gets the first answer back.
 */
@CommandHandler(AuthorizeTokenCommand)
export class AuthorizeTokenHandler implements ICommandHandler<AuthorizeTokenCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly view: RegistryViewRepository,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async execute(command: AuthorizeTokenCommand): Promise<AuthorizationDecisionResponseDto> {
    const { principal, idempotencyKey } = command;
    const evseId = EvseId.parse(command.evseId, 'evseId');
    const cpoPartyId = evseId.operatorId.value;
    if (!principal.partyIds.includes(cpoPartyId)) {
      throw DomainError.forbidden(
        'EVSE_NOT_OWNED',
        `EVSE ${evseId.value} belongs to operator ${cpoPartyId}, for which the caller does not act.`,
        { evseId: evseId.value, operatorId: cpoPartyId },
      );
    }
    const token = presentedToken(command.token);
    const authorizationId = idempotencyKey
      ? uuidV5(`authorization:${principal.partnerId}:${idempotencyKey}`, CLEARING_HOUSE_NAMESPACE)
      : this.ids.uuid();

    const domainCommand: AuthorizeToken = {
      type: 'AuthorizeToken',
      data: {
        authorizationId,
        evseId: evseId.value,
        cpoPartyId,
        token,
        requestedAt: this.clock.now().toISOString(),
        facts: await this.lookUpFacts(cpoPartyId, token),
      },
    };
    const { state } = await handleCommand(
      this.store,
      authorizationStream(authorizationId),
      authorizationDecider,
      domainCommand,
      {
        metadata: {
          correlationId: command.correlationId,
          causationId: command.correlationId,
          actor: principal.partnerId,
        },
        idempotencyKey,
      },
    );
    if (state.status === 'undecided') throw new Error(`authorization ${authorizationId} was not decided`);
    return AuthorizationDecisionResponseDto.of(state);
  }

  private async lookUpFacts(cpoPartyId: string, token: PresentedToken): Promise<AuthorizationFacts> {
    const record = await this.view.findToken(token.type, token.uid);
    if (!record) return { token: null, agreements: [], providerStatus: 'unknown' };
    const [agreements, providerStatus] = await Promise.all([
      this.view.findAgreements(cpoPartyId, record.emspPartyId),
      this.view.providerStatus(record.emspPartyId),
    ]);
    return { token: record, agreements, providerStatus };
  }
}

/** An RFID uid must be hex bytes (a reader typo is the caller's error, not an unknown token); others as registered. */
function presentedToken(token: PresentedToken): PresentedToken {
  if (token.type === 'RFID') return { type: token.type, uid: TokenUid.parse(token.uid, 'token.uid').value };
  return { type: token.type, uid: tokenKey(token.type, token.uid) };
}
