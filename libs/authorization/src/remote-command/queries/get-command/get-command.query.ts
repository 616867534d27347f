import { Query } from '@nestjs/cqrs';
import type { Principal } from '@roaming/platform';
import type { RemoteCommandResponseDto } from '../../features/remote-command.response.dto';

export class GetCommandQuery extends Query<RemoteCommandResponseDto> {
  constructor(
    readonly principal: Principal,
    readonly commandId: string,
  ) {
    super();
  }
}
