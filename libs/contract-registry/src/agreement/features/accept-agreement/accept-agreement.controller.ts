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
import { AcceptAgreementCommand } from './accept-agreement.command';

@ApiTags('roaming agreements')
@Controller('v1/agreements')
export class AcceptAgreementController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':agreementId/accept')
  @Roles('emsp')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Accept a roaming agreement offered to you (GeM UC 1485; idempotent)' })
  @ApiOkResponse({ description: 'the agreement, status active' })
  @ApiForbiddenResponse({ description: 'PARTY_SCOPE: the caller is the offering CPO, not the EVSP' })
  @ApiNotFoundResponse({ description: 'AGREEMENT_NOT_FOUND' })
  @ApiConflictResponse({ description: 'AGREEMENT_NOT_OFFERED: the offer lapsed' })
  accept(
    @Param('agreementId', new UuidParamPipe('agreementId', 'AGREEMENT_ID_INVALID')) agreementId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AgreementView> {
    return this.commands.execute(new AcceptAgreementCommand(agreementId, { principal }));
  }
}
