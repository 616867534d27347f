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
import { DeclineAgreementCommand } from './decline-agreement.command';

@ApiTags('roaming agreements')
@Controller('v1/agreements')
export class DeclineAgreementController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':agreementId/decline')
  @Roles('emsp')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Decline a roaming agreement offered to you (idempotent)' })
  @ApiOkResponse({ description: "the agreement, status 'declined'" })
  @ApiForbiddenResponse({ description: 'PARTY_SCOPE: the caller is not the EVSP of the offer' })
  @ApiNotFoundResponse({ description: 'AGREEMENT_NOT_FOUND' })
  @ApiConflictResponse({ description: 'AGREEMENT_NOT_OFFERED: it was accepted or ended already' })
  decline(
    @Param('agreementId', new UuidParamPipe('agreementId', 'AGREEMENT_ID_INVALID')) agreementId: string,
    @Body() body: AgreementReasonDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AgreementView> {
    return this.commands.execute(new DeclineAgreementCommand(agreementId, body?.reason ?? null, { principal }));
  }
}
