import { Body, Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, Roles } from '@roaming/platform';
import { UuidParamPipe } from '../../../shared/uuid-param.pipe';
import { AgreementReasonDto } from '../agreement-reason.dto';
import type { AgreementView } from '../agreement.view';
import { SuspendAgreementCommand } from './suspend-agreement.command';

@ApiTags('roaming agreements')
@Controller('v1/agreements')
@Roles('cpo', 'emsp')
export class SuspendAgreementController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':agreementId/suspend')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Suspend an active agreement (GeM 1469, UC 1490; idempotent)',
    description: 'Roaming authorizations stop using it; only the party that suspended it may resume it.',
  })
  @ApiOkResponse({ description: "the agreement, status 'suspended', suspendedBy" })
  @ApiForbiddenResponse({ description: 'PARTY_SCOPE' })
  @ApiNotFoundResponse({ description: 'AGREEMENT_NOT_FOUND' })
  @ApiConflictResponse({ description: 'AGREEMENT_NOT_IN_FORCE' })
  suspend(
    @Param('agreementId', new UuidParamPipe('agreementId', 'AGREEMENT_ID_INVALID')) agreementId: string,
    @Body() body: AgreementReasonDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AgreementView> {
    return this.commands.execute(new SuspendAgreementCommand(agreementId, body?.reason ?? null, { principal }));
  }
}
