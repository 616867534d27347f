import { Body, Controller, Headers, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, currentCorrelationId, type Principal, Roles } from '@roaming/platform';
import { checkIdempotencyKey, IDEMPOTENCY_KEY_HEADER } from '../../../shared/idempotency-key';
import { RemoteCommandResponseDto } from '../remote-command.response.dto';
import { RequestRemoteStopCommand } from './request-remote-stop.command';
import { RequestRemoteStopDto } from './request-remote-stop.request.dto';

@ApiTags('remote commands')
@ApiBearerAuth('bearer')
@Controller('v1/commands')
export class RequestRemoteStopController {
  constructor(private readonly commands: CommandBus) {}

  @Post('stop-session')
  @Roles('emsp')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: "Stop one of your customers' charging sessions remotely",
    description:
      'IEC 63119-2 UC3-4. Relayed to the CPO like a start; the answer (ACCEPTED, REJECTED or TIMED_OUT) reaches you ' +
      'on your outbound topic and at GET /v1/commands/{commandId}. The session ends when the CPO reports its end.',
  })
  @ApiHeader({ name: IDEMPOTENCY_KEY_HEADER, required: false })
  @ApiAcceptedResponse({ type: RemoteCommandResponseDto })
  @ApiNotFoundResponse({ description: 'SESSION_NOT_FOUND (or not one of your customers)' })
  @ApiConflictResponse({ description: 'SESSION_NOT_ACTIVE, REMOTE_COMMAND_EXISTS' })
  stop(
    @Body() body: RequestRemoteStopDto,
    @CurrentPrincipal() principal: Principal,
    @Headers(IDEMPOTENCY_KEY_HEADER.toLowerCase()) idempotencyKey: string | undefined,
  ): Promise<RemoteCommandResponseDto> {
    return this.commands.execute(
      new RequestRemoteStopCommand(
        principal,
        body.sessionId,
        checkIdempotencyKey(idempotencyKey),
        currentCorrelationId(),
      ),
    );
  }
}
