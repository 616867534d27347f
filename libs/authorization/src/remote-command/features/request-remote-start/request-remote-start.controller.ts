import { Body, Controller, Headers, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, currentCorrelationId, type Principal, Roles } from '@roaming/platform';
import { checkIdempotencyKey, IDEMPOTENCY_KEY_HEADER } from '../../../shared/idempotency-key';
import { RemoteCommandResponseDto } from '../remote-command.response.dto';
import { RequestRemoteStartCommand } from './request-remote-start.command';
import { RequestRemoteStartDto } from './request-remote-start.request.dto';

@ApiTags('remote commands')
@ApiBearerAuth('bearer')
@Controller('v1/commands')
export class RequestRemoteStartController {
  constructor(private readonly commands: CommandBus) {}

  @Post('start-session')
  @Roles('emsp')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: "Start charging remotely for one of your customers' contracts",
    description:
      'IEC 63119-2 UC3-2. The hub authorizes the start (agreement with the EVSE operator, its record of the ' +
      'contract), relays it to the CPO (its webhook and its b2b.<cpo>.outbound.v1 topic) and tracks the answer: ' +
      'REQUESTED now, then ACCEPTED, REJECTED or TIMED_OUT, pushed on your b2b.<party>.outbound.v1 topic and readable ' +
      'at GET /v1/commands/{commandId}. REFUSED at once when the start is not authorized.',
  })
  @ApiHeader({
    name: IDEMPOTENCY_KEY_HEADER,
    required: false,
    description: 'A retry with the same key is the same command.',
  })
  @ApiAcceptedResponse({ type: RemoteCommandResponseDto })
  @ApiBadRequestResponse({
    description: 'REQUEST_INVALID, EVSE_ID_INVALID, EMAID_INVALID, EMAID_CHECK_DIGIT, SERVICE_INVALID',
  })
  @ApiForbiddenResponse({ description: 'ROLE_REQUIRED, PARTNER_SUSPENDED, CONTRACT_NOT_OWNED' })
  @ApiConflictResponse({ description: 'REMOTE_COMMAND_EXISTS: the Idempotency-Key was used for another command' })
  start(
    @Body() body: RequestRemoteStartDto,
    @CurrentPrincipal() principal: Principal,
    @Headers(IDEMPOTENCY_KEY_HEADER.toLowerCase()) idempotencyKey: string | undefined,
  ): Promise<RemoteCommandResponseDto> {
    return this.commands.execute(
      new RequestRemoteStartCommand(
        principal,
        body.evseId,
        body.emaid,
        body.service,
        checkIdempotencyKey(idempotencyKey),
        currentCorrelationId(),
      ),
    );
  }
}
