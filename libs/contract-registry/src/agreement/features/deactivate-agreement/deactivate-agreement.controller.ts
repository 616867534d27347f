import { Body, Controller, Delete, HttpCode, HttpStatus, Param } from '@nestjs/common';
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
import { DeactivateAgreementCommand } from './deactivate-agreement.command';

@ApiTags('roaming agreements')
@Controller('v1/agreements')
export class DeactivateAgreementController {
  constructor(private readonly commands: CommandBus) {}

  @Delete(':agreementId')
  @Roles('cpo', 'emsp', 'operator')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: '"Delete" an agreement: deactivate it, keeping it and its history (GeM UC 1513; idempotent)',
    description:
      'A party deactivates an offer, or an agreement that was declined, terminated or has expired. An agreement ' +
      'still in force must be terminated with the other party first; the operator may deactivate any agreement, ' +
      'which ends it at once.',
  })
  @ApiOkResponse({ description: "the agreement, status 'deactivated'" })
  @ApiForbiddenResponse({ description: 'PARTY_SCOPE' })
  @ApiNotFoundResponse({ description: 'AGREEMENT_NOT_FOUND' })
  @ApiConflictResponse({ description: 'AGREEMENT_IN_FORCE: terminate it first' })
  deactivate(
    @Param('agreementId', new UuidParamPipe('agreementId', 'AGREEMENT_ID_INVALID')) agreementId: string,
    @Body() body: AgreementReasonDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AgreementView> {
    return this.commands.execute(new DeactivateAgreementCommand(agreementId, body?.reason ?? null, { principal }));
  }
}
