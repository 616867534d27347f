import { Body, Controller, Headers, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentPrincipal, currentCorrelationId, type Principal, Roles } from '@roaming/platform';
import { checkIdempotencyKey, IDEMPOTENCY_KEY_HEADER } from '../../../shared/idempotency-key';
import { AuthorizationDecisionResponseDto } from './authorization-decision.response.dto';
import { AuthorizeTokenCommand } from './authorize-token.command';
import { AuthorizeTokenRequestDto } from './authorize-token.request.dto';

@ApiTags('authorizations')
@ApiBearerAuth('bearer')
@Controller('v1/authorizations')
export class AuthorizeTokenController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Roles('cpo')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary: 'Ask the hub whether a token may charge at one of your EVSEs',
    description:
      'IEC 63119-2 UC3-1 / UC3-3 / UC4-1, eMI3 UCE AA (A&A request sent to the clearing house), GreenEmotion ' +
      '981/982: stage 1 the agreement between you and the token provider, stage 2 the contract. A refusal is a ' +
      'decision too: 201 with status DENIED and a reason. The decision is recorded before it is answered.',
  })
  @ApiHeader({
    name: IDEMPOTENCY_KEY_HEADER,
    required: false,
    description: 'Retrying with the same key returns the same decision (same authorizationId).',
  })
  @ApiCreatedResponse({ type: AuthorizationDecisionResponseDto })
  @ApiBadRequestResponse({
    description:
      'REQUEST_INVALID, EVSE_ID_INVALID, TOKEN_UID_INVALID, EMAID_INVALID, EMAID_CHECK_DIGIT, SERVICE_INVALID, ' +
      'IDEMPOTENCY_KEY_INVALID',
  })
  @ApiUnauthorizedResponse({ description: 'UNAUTHENTICATED' })
  @ApiForbiddenResponse({
    description: 'ROLE_REQUIRED, PARTNER_SUSPENDED, EVSE_NOT_OWNED (the attempt is recorded as a denial)',
  })
  @ApiConflictResponse({ description: 'AUTHORIZATION_EXISTS: the Idempotency-Key was used for another request' })
  authorize(
    @Body() body: AuthorizeTokenRequestDto,
    @CurrentPrincipal() principal: Principal,
    @Headers(IDEMPOTENCY_KEY_HEADER.toLowerCase()) idempotencyKey: string | undefined,
  ): Promise<AuthorizationDecisionResponseDto> {
    return this.commands.execute(
      new AuthorizeTokenCommand(
        principal,
        body.evseId,
        { uid: body.token.uid, type: body.token.type },
        body.service,
        checkIdempotencyKey(idempotencyKey),
        currentCorrelationId(),
      ),
    );
  }
}
