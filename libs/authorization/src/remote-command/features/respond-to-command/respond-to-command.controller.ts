import { Body, Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, currentCorrelationId, type Principal, Roles } from '@roaming/platform';
import { commandIdPipe } from '../command-id.pipe';
import { RemoteCommandResponseDto } from '../remote-command.response.dto';
import { RespondToCommandCommand } from './respond-to-command.command';
import { RespondToCommandDto } from './respond-to-command.request.dto';

@ApiTags('remote commands')
@ApiBearerAuth('bearer')
@Controller('v1/commands')
export class RespondToCommandController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':commandId/response')
  @Roles('cpo')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Answer a remote start or stop the hub relayed to you',
    description:
      'IEC 63119-2 UC3-2/UC3-4. ACCEPTED or REJECTED before respondBy; the same answer again is harmless. The same ' +
      'answer can be given on Kafka (b2b.authorization-requests.inbound.v1, type CommandResponse) or as the reply ' +
      'to the command webhook.',
  })
  @ApiOkResponse({ type: RemoteCommandResponseDto })
  @ApiNotFoundResponse({ description: 'REMOTE_COMMAND_NOT_FOUND (or not addressed to you)' })
  @ApiConflictResponse({ description: 'REMOTE_COMMAND_CLOSED: already answered otherwise, or timed out' })
  respond(
    @Param('commandId', commandIdPipe()) commandId: string,
    @Body() body: RespondToCommandDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<RemoteCommandResponseDto> {
    return this.commands.execute(
      new RespondToCommandCommand(principal, commandId, body.result, body.reason, currentCorrelationId()),
    );
  }
}
