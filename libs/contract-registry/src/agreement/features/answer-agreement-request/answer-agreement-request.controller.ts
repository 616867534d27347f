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
import { AnswerAgreementRequestCommand } from './answer-agreement-request.command';

const AGREEMENT_ID = new UuidParamPipe('agreementId', 'AGREEMENT_ID_INVALID');
const REQUEST_ID = new UuidParamPipe('requestId', 'AGREEMENT_REQUEST_ID_INVALID');

@ApiTags('roaming agreements')
@Controller('v1/agreements')
@Roles('cpo', 'emsp')
@ApiForbiddenResponse({
  description: 'AGREEMENT_REQUEST_OWN: the requester cannot answer its own request; PARTY_SCOPE',
})
@ApiNotFoundResponse({ description: 'AGREEMENT_NOT_FOUND, AGREEMENT_REQUEST_NOT_FOUND (withdrawn or answered)' })
export class AnswerAgreementRequestController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':agreementId/requests/:requestId/accept')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: "Accept the other party's change, termination or prolongation request (GeM UC 1247/1481)" })
  @ApiOkResponse({ description: 'the changed (or terminated) agreement' })
  @ApiConflictResponse({ description: 'AGREEMENT_OVERLAP: the new period overlaps another agreement of the pair' })
  accept(
    @Param('agreementId', AGREEMENT_ID) agreementId: string,
    @Param('requestId', REQUEST_ID) requestId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AgreementView> {
    return this.commands.execute(
      new AnswerAgreementRequestCommand(agreementId, requestId, 'accept', null, { principal }),
    );
  }

  @Post(':agreementId/requests/:requestId/decline')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: "Decline the other party's request; the agreement stays as it is" })
  @ApiOkResponse({ description: 'the unchanged agreement, without pending request' })
  decline(
    @Param('agreementId', AGREEMENT_ID) agreementId: string,
    @Param('requestId', REQUEST_ID) requestId: string,
    @Body() body: AgreementReasonDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AgreementView> {
    return this.commands.execute(
      new AnswerAgreementRequestCommand(agreementId, requestId, 'decline', body?.reason ?? null, { principal }),
    );
  }
}
