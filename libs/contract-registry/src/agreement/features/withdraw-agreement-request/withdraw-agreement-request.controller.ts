import { Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, Roles } from '@roaming/platform';
import { UuidParamPipe } from '../../../shared/uuid-param.pipe';
import type { AgreementView } from '../agreement.view';
import { WithdrawAgreementRequestCommand } from './withdraw-agreement-request.command';

@ApiTags('roaming agreements')
@Controller('v1/agreements')
@Roles('cpo', 'emsp')
export class WithdrawAgreementRequestController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':agreementId/requests/:requestId/withdraw')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Withdraw your pending request (GeM 931: a pending request can be revoked; idempotent)' })
  @ApiOkResponse({ description: 'the agreement, without pending request' })
  @ApiForbiddenResponse({ description: 'AGREEMENT_REQUEST_NOT_YOURS: only the requester withdraws' })
  @ApiNotFoundResponse({ description: 'AGREEMENT_NOT_FOUND, AGREEMENT_REQUEST_NOT_FOUND' })
  withdraw(
    @Param('agreementId', new UuidParamPipe('agreementId', 'AGREEMENT_ID_INVALID')) agreementId: string,
    @Param('requestId', new UuidParamPipe('requestId', 'AGREEMENT_REQUEST_ID_INVALID')) requestId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AgreementView> {
    return this.commands.execute(new WithdrawAgreementRequestCommand(agreementId, requestId, { principal }));
  }
}
