import { Command } from '@nestjs/cqrs';
import type { Principal } from '@roaming/platform';
import type { RemoteCommandResponseDto } from '../remote-command.response.dto';

export class RequestRemoteStartCommand extends Command<RemoteCommandResponseDto> {
  constructor(
    readonly principal: Principal,
    readonly evseId: string,
    readonly emaid: string,
    readonly service: string | undefined,
    readonly idempotencyKey: string | undefined,
    readonly correlationId: string | undefined,
  ) {
    super();
  }
}
