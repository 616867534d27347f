import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { CdrReconciliationV1 } from '@roaming/contracts';
import { CurrentPrincipal, currentCorrelationId, type Principal, Roles } from '@roaming/platform';
import { ReconciliationCommands } from '../reconciliation-commands';

@ApiTags('cdr-reconciliation')
@ApiBearerAuth('bearer')
@Controller('v1/cdrs')
export class ApproveCdrController {
  constructor(private readonly reconciliation: ReconciliationCommands) {}

  @Post(':cpoPartyId/:cdrId/approval')
  @HttpCode(200)
  @Roles('emsp')
  @ApiOperation({ summary: 'EVSP: approve a record forwarded to you (IEC 63119-2 6.4.2, OCHP "approved")' })
  @ApiResponse({ status: 200, description: 'CdrReconciliationV1 with state APPROVED (a repeat answers the same)' })
  @ApiResponse({ status: 404, description: 'CDR_NOT_FOUND: unknown, or not forwarded to you' })
  @ApiResponse({ status: 409, description: 'CDR_DISPUTE_PENDING or CDR_REVISED' })
  approve(
    @Param('cpoPartyId') cpoPartyId: string,
    @Param('cdrId') cdrId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CdrReconciliationV1> {
    return this.reconciliation.asEmsp(
      principal,
      cpoPartyId,
      cdrId,
      (now) => ({ type: 'ApproveCdr', data: { now } }),
      currentCorrelationId(),
    );
  }
}
