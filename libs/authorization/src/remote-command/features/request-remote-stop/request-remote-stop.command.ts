import { Command } from '@nestjs/cqrs';
import type { Principal } from '@roaming/platform';
import type { RemoteCommandResponseDto } from '../remote-command.response.dto';

export class RequestRemoteStopCommand extends Command<RemoteCommandResponseDto> {
  constructor(
    readonly principal: Principal,
    readonly sessionId: string,
    readonly idempotencyKey: string | undefined,
    readonly correlationId: string | undefined,
  ) {
    super();
  }
}
