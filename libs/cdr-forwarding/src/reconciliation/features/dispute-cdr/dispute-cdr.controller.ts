import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { CdrReconciliationV1 } from '@roaming/contracts';
import { CurrentPrincipal, currentCorrelationId, type Principal, Roles } from '@roaming/platform';
import { ReconciliationCommands } from '../reconciliation-commands';
import { DisputeCdrRequestDto } from './dispute-cdr.request.dto';

@ApiTags('cdr-reconciliation')
@ApiBearerAuth('bearer')
@Controller('v1/cdrs')
export class DisputeCdrController {
  constructor(private readonly reconciliation: ReconciliationCommands) {}

  @Post(':cpoPartyId/:cdrId/dispute')
  @HttpCode(200)
  @Roles('emsp')
  @ApiOperation({
    summary: 'EVSP: dispute a record forwarded to you, with a reason (IEC 63119-2 6.4.2, OCHP "declined")',
    description: 'The CPO learns it on its outbound topic and answers by rejecting the dispute or sending a revision.',
  })
  @ApiResponse({ status: 200, description: 'CdrReconciliationV1 with state DECLINED (the same dispute again: same)' })
  @ApiResponse({ status: 400, description: 'Invalid reasonCode or reason' })
  @ApiResponse({ status: 404, description: 'CDR_NOT_FOUND' })
  @ApiResponse({
    status: 409,
    description: 'CDR_ALREADY_APPROVED, CDR_ALREADY_DISPUTED, CDR_DISPUTE_ALREADY_REJECTED or CDR_REVISED',
  })
  dispute(
    @Param('cpoPartyId') cpoPartyId: string,
    @Param('cdrId') cdrId: string,
    @Body() body: DisputeCdrRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CdrReconciliationV1> {
    return this.reconciliation.asEmsp(
      principal,
      cpoPartyId,
      cdrId,
      (now) => ({ type: 'DisputeCdr', data: { reasonCode: body.reasonCode, reason: body.reason, now } }),
      currentCorrelationId(),
    );
  }
}
