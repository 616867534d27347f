import { Body, Controller, Headers, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { CurrentPrincipal, type Principal, Roles } from '@roaming/platform';
import { IDEMPOTENCY_KEY_HEADER, parseIdempotencyKey } from '../../../shared/request-context';
import { UNLOCK_CONTEXTS, type UnlockContext } from '../../domain/station-command';
import { type StationCommandView, StationCommandWrites } from '../../station-command-writes';

export class RequestUnlockRequestDto {
  @ApiProperty({ example: '1' })
  @IsString()
  @Matches(/^[A-Za-z0-9._-]{1,36}$/)
  connectorId!: string;

  @ApiProperty({
    enum: UNLOCK_CONTEXTS,
    description: 'SESSION: during or after a session (UC5-2); FAILED_ACTIVATION: the service never started (UC5-3)',
  })
  @IsIn(UNLOCK_CONTEXTS)
  context!: UnlockContext;

  @ApiPropertyOptional({ description: 'The authorization of the session the cable belongs to, if any' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  authorizationId?: string;
}

@ApiTags('station-commands')
@ApiBearerAuth('bearer')
@Controller('v1/evses/:evseId')
export class RequestUnlockController {
  constructor(private readonly commands: StationCommandWrites) {}

  @Post('unlock')
  @Roles('emsp')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary: 'Emergency cable unlock at an EVSE (IEC 63119-2 UC5-2, UC5-3)',
    description:
      'Relayed to the EVSE operator on its Kafka outbound topic (UnlockConnectorRequested) with a deadline; the ' +
      'outcome (UNLOCKED, UNLOCK_FAILED, REJECTED, NOT_SUPPORTED, or TIMED_OUT) reaches you on your outbound topic ' +
      'and at GET /v1/station-commands/{id}. Without an agreement in force with the operator: REFUSED (recorded).',
  })
  @ApiHeader({ name: IDEMPOTENCY_KEY_HEADER, required: false })
  @ApiCreatedResponse({ description: 'StationCommandView (PENDING or REFUSED)' })
  @ApiNotFoundResponse({ description: 'EVSE_UNKNOWN, CONNECTOR_UNKNOWN' })
  unlock(
    @Param('evseId') evseId: string,
    @Body() body: RequestUnlockRequestDto,
    @CurrentPrincipal() principal: Principal,
    @Headers(IDEMPOTENCY_KEY_HEADER.toLowerCase()) rawKey: string | undefined,
  ): Promise<StationCommandView> {
    return this.commands.requestUnlock(principal, {
      evseId,
      connectorId: body.connectorId,
      context: body.context,
      authorizationId: body.authorizationId ?? null,
      idempotencyKey: parseIdempotencyKey(rawKey),
    });
  }
}
