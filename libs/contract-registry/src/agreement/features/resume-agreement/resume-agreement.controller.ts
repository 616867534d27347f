import { Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
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
import type { AgreementView } from '../agreement.view';
import { ResumeAgreementCommand } from './resume-agreement.command';

@ApiTags('roaming agreements')
@Controller('v1/agreements')
@Roles('cpo', 'emsp')
export class ResumeAgreementController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':agreementId/resume')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Resume an agreement you suspended (GeM 1469; idempotent)' })
  @ApiOkResponse({ description: "the agreement, status 'active'" })
  @ApiForbiddenResponse({ description: 'AGREEMENT_RESUME_NOT_ALLOWED: the other party suspended it; PARTY_SCOPE' })
  @ApiNotFoundResponse({ description: 'AGREEMENT_NOT_FOUND' })
  @ApiConflictResponse({ description: 'AGREEMENT_NOT_SUSPENDED: it ended' })
  resume(
    @Param('agreementId', new UuidParamPipe('agreementId', 'AGREEMENT_ID_INVALID')) agreementId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AgreementView> {
    return this.commands.execute(new ResumeAgreementCommand(agreementId, { principal }));
  }
}
