import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CLEARING_HOUSE_NAMESPACE, DomainError, IdGenerator, uuidV5 } from '@roaming/shared-kernel';
import { parseEvse, parsePresentedToken, parseService } from '../../application/authorization-request-parsing';
import { AuthorizationSwitch, type DecidedAuthorization } from '../../application/authorization-switch';
import { AuthorizationDecisionResponseDto } from './authorization-decision.response.dto';
import { AuthorizeTokenCommand } from './authorize-token.command';

/**
 * IEC 63119-2 UC3-1 (start charging locally at the EVSE, via the clearing house) and UC4-1 (online identification
 * at the visited CSO), over REST. With an Idempotency-Key the authorization id is a function of (caller, key), so a
 * retry lands on the same stream and gets the first answer back.
 */
@CommandHandler(AuthorizeTokenCommand)
export class AuthorizeTokenHandler implements ICommandHandler<AuthorizeTokenCommand> {
  constructor(
    private readonly authorizations: AuthorizationSwitch,
    private readonly ids: IdGenerator,
  ) {}

  async execute(command: AuthorizeTokenCommand): Promise<AuthorizationDecisionResponseDto> {
    const { principal, idempotencyKey } = command;
    const { evseId, cpoPartyId } = parseEvse(command.evseId);
    const token = parsePresentedToken(command.token);
    const service = parseService(command.service);
    const authorizationId = idempotencyKey
      ? uuidV5(`authorization:${principal.partnerId}:${idempotencyKey}`, CLEARING_HOUSE_NAMESPACE)
      : this.ids.uuid();
    const { state } = await this.authorizations.authorize({
      authorizationId,
      evseId,
      cpoPartyId,
      token,
      service,
      method: token.type === 'PLUG_AND_CHARGE' ? 'PLUG_AND_CHARGE' : 'LOCAL',
      requestedBy: principal.partnerId,
      callerPartyIds: principal.partyIds,
      channel: { kind: 'http' },
      idempotencyKey,
      correlationId: command.correlationId,
    });
    refuseForeignEvse(state);
    return AuthorizationDecisionResponseDto.of(state);
  }
}

/** The attempt is recorded (GeM 967: failed attempts stay visible), but the caller gets a 403, not a decision. */
export function refuseForeignEvse(state: DecidedAuthorization): void {
  if (state.status === 'denied' && state.reason === 'EVSE_NOT_OWNED') {
    throw DomainError.forbidden(
      'EVSE_NOT_OWNED',
      `EVSE ${state.evseId} belongs to operator ${state.cpoPartyId}, for which the caller does not act.`,
      { evseId: state.evseId, operatorId: state.cpoPartyId, authorizationId: state.authorizationId },
    );
  }
}
