import { Command } from '@nestjs/cqrs';
import type { Principal } from '@roaming/platform';
import type { RemoteCommandResponseDto } from '../remote-command.response.dto';

export class RespondToCommandCommand extends Command<RemoteCommandResponseDto> {
  constructor(
    readonly principal: Principal,
    readonly commandId: string,
    readonly result: 'ACCEPTED' | 'REJECTED',
    readonly reason: string | undefined,
    readonly correlationId: string | undefined,
  ) {
    super();
  }
}
