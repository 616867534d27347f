import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, Roles } from '@roaming/platform';
import { commandIdPipe } from '../../features/command-id.pipe';
import { RemoteCommandResponseDto } from '../../features/remote-command.response.dto';
import { GetCommandQuery } from './get-command.query';

@ApiTags('remote commands')
@ApiBearerAuth('bearer')
@Controller('v1/commands')
export class GetCommandController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':commandId')
  @Roles('emsp', 'cpo')
  @ApiOperation({ summary: 'Read a remote start or stop and where it stands (IEC 63119-2 UC3-2, UC3-4)' })
  @ApiOkResponse({ type: RemoteCommandResponseDto })
  @ApiNotFoundResponse({ description: 'REMOTE_COMMAND_NOT_FOUND' })
  get(
    @Param('commandId', commandIdPipe()) commandId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<RemoteCommandResponseDto> {
    return this.queries.execute(new GetCommandQuery(principal, commandId));
  }
}
