import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CLEARING_HOUSE_NAMESPACE, Clock, DomainError, Emaid, IdGenerator, uuidV5 } from '@roaming/shared-kernel';
import { parseEvse, parseService } from '../../../authorization/application/authorization-request-parsing';
import { AuthorizationSwitch } from '../../../authorization/application/authorization-switch';
import { AuthorizationSettings } from '../../../config/authorization.settings';
import { RemoteCommands } from '../../application/remote-commands';
import { RemoteCommandResponseDto } from '../remote-command.response.dto';
import { RequestRemoteStartCommand } from './request-remote-start.command';

/**
 * IEC 63119-2 UC3-2, start charging remotely from the home CSP (eMI3 UCE AA ext. "service request from EVSP"):
 * the hub authorizes the start like any other (stage 1 the agreement with the EVSE's operator, stage 2 its own
 * record of the contract; the EVSP's asking is its own answer), then relays it to the CPO, or refuses it at once.
 * The CPO's answer, or its silence past `respondBy`, reaches the EVSP on its outbound topic and here.
 */
@CommandHandler(RequestRemoteStartCommand)
export class RequestRemoteStartHandler implements ICommandHandler<RequestRemoteStartCommand> {
  constructor(
    private readonly authorizations: AuthorizationSwitch,
    private readonly commands: RemoteCommands,
    private readonly settings: AuthorizationSettings,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async execute(command: RequestRemoteStartCommand): Promise<RemoteCommandResponseDto> {
    const { principal, idempotencyKey } = command;
    const { evseId, cpoPartyId } = parseEvse(command.evseId);
    const emaid = Emaid.parse(command.emaid, 'emaid');
    const service = parseService(command.service);
    if (!principal.partyIds.includes(emaid.providerId.value)) {
      throw DomainError.forbidden(
        'CONTRACT_NOT_OWNED',
        `Contract ${emaid.value} was issued by ${emaid.providerId.value}, for which the caller does not act.`,
        { emaid: emaid.value, providerId: emaid.providerId.value },
      );
    }
    const commandId = idempotencyKey
      ? uuidV5(`remote-command:${principal.partnerId}:${idempotencyKey}`, CLEARING_HOUSE_NAMESPACE)
      : this.ids.uuid();
    // The decision is idempotent by the command: a retry gets the decision made the first time.
    const { state: decision } = await this.authorizations.authorize({
      authorizationId: uuidV5(`remote-start:${commandId}`, CLEARING_HOUSE_NAMESPACE),
      evseId,
      cpoPartyId,
      token: { type: 'EMAID', uid: emaid.value },
      service,
      method: 'REMOTE',
      requestedBy: principal.partnerId,
      // The hub puts the start to the EVSE's operator on the EVSP's behalf.
      callerPartyIds: [cpoPartyId],
      vouchedBy: principal.partyIds,
      channel: { kind: 'http' },
      idempotencyKey: `remote-start:${commandId}`,
      correlationId: command.correlationId,
    });
    const now = this.clock.now();
    const state = await this.commands.execute(
      {
        type: 'RequestRemoteStart',
        data: {
          commandId,
          emspPartyId: emaid.providerId.value,
          evseId,
          cpoPartyId,
          emaid: emaid.value,
          authorization:
            decision.status === 'granted'
              ? { authorizationId: decision.authorizationId, status: 'granted' }
              : { authorizationId: decision.authorizationId, status: 'denied', reason: decision.reason },
          requestedAt: now.toISOString(),
          respondBy: new Date(now.getTime() + this.settings.commandTimeoutMs).toISOString(),
        },
      },
      { actor: principal.partnerId, correlationId: command.correlationId, idempotencyKey },
    );
    if (state.status === 'NONE') throw new Error(`command ${commandId} was not recorded`);
    return RemoteCommandResponseDto.of(state);
  }
}
