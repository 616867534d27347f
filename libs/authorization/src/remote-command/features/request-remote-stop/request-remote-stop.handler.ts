import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CLEARING_HOUSE_NAMESPACE, Clock, IdGenerator, uuidV5 } from '@roaming/shared-kernel';
import { AuthorizationSettings } from '../../../config/authorization.settings';
import { Sessions } from '../../../session/application/sessions';
import { RemoteCommands } from '../../application/remote-commands';
import { RemoteCommandErrors } from '../../domain';
import { RemoteCommandResponseDto } from '../remote-command.response.dto';
import { RequestRemoteStopCommand } from './request-remote-stop.command';

/**
 * IEC 63119-2 UC3-4, stop the energy transfer via the home CSP: only the EVSP whose customer charges may stop the
 * session, and only while it runs; the hub relays the stop to the CPO and tracks its answer like a start's.
 */
@CommandHandler(RequestRemoteStopCommand)
export class RequestRemoteStopHandler implements ICommandHandler<RequestRemoteStopCommand> {
  constructor(
    private readonly sessions: Sessions,
    private readonly commands: RemoteCommands,
    private readonly settings: AuthorizationSettings,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async execute(command: RequestRemoteStopCommand): Promise<RemoteCommandResponseDto> {
    const { principal, idempotencyKey } = command;
    const session = await this.sessions.load(command.sessionId);
    if (
      (session.status !== 'ACTIVE' && session.status !== 'ENDED') ||
      !principal.partyIds.includes(session.emspPartyId)
    ) {
      throw RemoteCommandErrors.sessionNotFound(command.sessionId);
    }
    const commandId = idempotencyKey
      ? uuidV5(`remote-command:${principal.partnerId}:${idempotencyKey}`, CLEARING_HOUSE_NAMESPACE)
      : this.ids.uuid();
    const now = this.clock.now();
    const state = await this.commands.execute(
      {
        type: 'RequestRemoteStop',
        data: {
          commandId,
          emspPartyId: session.emspPartyId,
          session: {
            sessionId: session.sessionId,
            cpoSessionId: session.cpoSessionId,
            evseId: session.evseId,
            cpoPartyId: session.cpoPartyId,
            emspPartyId: session.emspPartyId,
            active: session.status === 'ACTIVE',
          },
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
