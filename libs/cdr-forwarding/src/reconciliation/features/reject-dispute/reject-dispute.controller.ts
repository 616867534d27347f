import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { CdrReconciliationV1 } from '@roaming/contracts';
import { CurrentPrincipal, currentCorrelationId, type Principal, Roles } from '@roaming/platform';
import { ReconciliationCommands } from '../reconciliation-commands';
import { RejectDisputeRequestDto } from './reject-dispute.request.dto';

@ApiTags('cdr-reconciliation')
@ApiBearerAuth('bearer')
@Controller('v1/cdrs')
export class RejectDisputeController {
  constructor(private readonly reconciliation: ReconciliationCommands) {}

  @Post(':cpoPartyId/:cdrId/dispute/rejection')
  @HttpCode(200)
  @Roles('cpo')
  @ApiOperation({
    summary: 'CPO: reject the dispute of your record, with a reason (OCHP "rejected")',
    description: 'To correct the record instead, send a revised record with revisionOf = this cdrId (POST /v1/cdrs).',
  })
  @ApiResponse({ status: 200, description: 'CdrReconciliationV1 with state REJECTED' })
  @ApiResponse({ status: 404, description: 'CDR_NOT_FOUND' })
  @ApiResponse({ status: 409, description: 'CDR_NOT_DISPUTED or CDR_REVISED' })
  reject(
    @Param('cpoPartyId') cpoPartyId: string,
    @Param('cdrId') cdrId: string,
    @Body() body: RejectDisputeRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CdrReconciliationV1> {
    return this.reconciliation.asCpo(
      principal,
      cpoPartyId,
      cdrId,
      (now) => ({ type: 'RejectDispute', data: { reason: body.reason, now } }),
      currentCorrelationId(),
    );
  }
}
