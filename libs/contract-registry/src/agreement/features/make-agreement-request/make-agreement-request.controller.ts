import { Body, Controller, Headers, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, Roles } from '@roaming/platform';
import { parseIdempotencyKey } from '../../../shared/request-context';
import { UuidParamPipe } from '../../../shared/uuid-param.pipe';
import { AgreementReasonDto } from '../agreement-reason.dto';
import type { AgreementView } from '../agreement.view';
import { MakeAgreementRequestCommand } from './make-agreement-request.command';
import { ChangeRequestDto, ProlongationRequestDto } from './make-agreement-request.request.dto';

const AGREEMENT_ID = new UuidParamPipe('agreementId', 'AGREEMENT_ID_INVALID');

/**
 * Two-step changes (GeM 931): the caller asks, the other party accepts or declines at
 * /v1/agreements/{id}/requests/{requestId}/accept|decline, the caller may withdraw meanwhile. One request at a time.
 */
@ApiTags('roaming agreements')
@Controller('v1/agreements')
@Roles('cpo', 'emsp')
@ApiHeader({ name: 'Idempotency-Key', required: false })
@ApiForbiddenResponse({ description: 'PARTY_SCOPE: the caller is not a party of the agreement' })
@ApiNotFoundResponse({ description: 'AGREEMENT_NOT_FOUND' })
@ApiConflictResponse({ description: 'AGREEMENT_NOT_IN_FORCE, AGREEMENT_REQUEST_PENDING, AGREEMENT_OVERLAP' })
export class MakeAgreementRequestController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':agreementId/change-requests')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary:
      'Ask the other party to change the end of validity, the negotiated tariff or the timeout policy (GeM UC 1246)',
  })
  @ApiCreatedResponse({ description: 'the agreement with its pendingRequest' })
  @ApiBadRequestResponse({ description: 'AGREEMENT_CHANGE_INVALID (nothing changes), AGREEMENT_PERIOD_INVALID' })
  change(
    @Param('agreementId', AGREEMENT_ID) agreementId: string,
    @Body() body: ChangeRequestDto,
    @CurrentPrincipal() principal: Principal,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<AgreementView> {
    return this.request(agreementId, 'change', body, principal, idempotencyKey);
  }

  @Post(':agreementId/termination-requests')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({ summary: 'Ask the other party to terminate the agreement now (GeM UC 1480)' })
  @ApiCreatedResponse({ description: 'the agreement with its pendingRequest' })
  terminate(
    @Param('agreementId', AGREEMENT_ID) agreementId: string,
    @Body() body: AgreementReasonDto,
    @CurrentPrincipal() principal: Principal,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<AgreementView> {
    return this.request(agreementId, 'termination', body, principal, idempotencyKey);
  }

  @Post(':agreementId/prolongation-requests')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({ summary: 'Ask the other party to prolong the agreement to a later end (GeM FTR 1397)' })
  @ApiCreatedResponse({ description: 'the agreement with its pendingRequest' })
  @ApiBadRequestResponse({
    description: 'AGREEMENT_PROLONGATION_INVALID: not later than the current end, or open-ended',
  })
  prolong(
    @Param('agreementId', AGREEMENT_ID) agreementId: string,
    @Body() body: ProlongationRequestDto,
    @CurrentPrincipal() principal: Principal,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<AgreementView> {
    return this.request(agreementId, 'prolongation', body, principal, idempotencyKey);
  }

  private request(
    agreementId: string,
    kind: 'change' | 'termination' | 'prolongation',
    body: {
      validUntil?: string | null;
      tariffId?: string | null;
      timeoutPolicy?: 'deny' | 'allow-offline';
      reason?: string;
    },
    principal: Principal,
    idempotencyKey: string | undefined,
  ): Promise<AgreementView> {
    return this.commands.execute(
      new MakeAgreementRequestCommand(agreementId, kind, body ?? {}, {
        principal,
        idempotencyKey: parseIdempotencyKey(idempotencyKey),
      }),
    );
  }
}
