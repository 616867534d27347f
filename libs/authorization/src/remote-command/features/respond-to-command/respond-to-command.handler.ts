import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@roaming/shared-kernel';
import { RemoteCommands } from '../../application/remote-commands';
import { RemoteCommandResponseDto } from '../remote-command.response.dto';
import { RespondToCommandCommand } from './respond-to-command.command';

/**
 * The CPO tells the hub whether it carried out a remote start or stop (eMI3 UCE AA 2.2.2.1 "EVSE Operator→MCH");
 * the EVSP hears it on its outbound topic. An answer after the deadline is refused: the EVSP was told TIMED_OUT.
 */
@CommandHandler(RespondToCommandCommand)
export class RespondToCommandHandler implements ICommandHandler<RespondToCommandCommand> {
  constructor(
    private readonly commands: RemoteCommands,
    private readonly clock: Clock,
  ) {}

  async execute(command: RespondToCommandCommand): Promise<RemoteCommandResponseDto> {
    const state = await this.commands.recordCpoResponse(
      {
        commandId: command.commandId,
        result: command.result,
        reason: command.reason ?? null,
        respondedAt: this.clock.now().toISOString(),
      },
      command.principal.partyIds,
      { actor: command.principal.partnerId, correlationId: command.correlationId },
    );
    return RemoteCommandResponseDto.of(state);
  }
}
