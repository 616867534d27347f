import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { RemoteCommands } from '../../application/remote-commands';
import { RemoteCommandErrors } from '../../domain';
import { RemoteCommandResponseDto } from '../../features/remote-command.response.dto';
import { GetCommandQuery } from './get-command.query';

/**
 * A remote command, for the EVSP that asked or the CPO that must carry it out; anyone else gets the 404 of an id
 * that does not exist. Read from the command's own stream: it is short, and always current.
 */
@QueryHandler(GetCommandQuery)
export class GetCommandHandler implements IQueryHandler<GetCommandQuery> {
  constructor(private readonly commands: RemoteCommands) {}

  async execute({ principal, commandId }: GetCommandQuery): Promise<RemoteCommandResponseDto> {
    const state = await this.commands.load(commandId);
    const mayRead =
      state.status !== 'NONE' &&
      ((principal.roles.includes('emsp') && principal.partyIds.includes(state.emspPartyId)) ||
        (principal.roles.includes('cpo') && principal.partyIds.includes(state.cpoPartyId)));
    if (state.status === 'NONE' || !mayRead) throw RemoteCommandErrors.notFound(commandId);
    return RemoteCommandResponseDto.of(state);
  }
}
