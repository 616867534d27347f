import { Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, Roles } from '@roaming/platform';
import { Clock } from '@roaming/shared-kernel';
import { type StatementSummary, Statements } from '../../statements';

@ApiTags('settlement-admin')
@ApiBearerAuth('bearer')
@Controller('v1/admin/settlement/statements')
export class CloseStatementController {
  constructor(
    private readonly statements: Statements,
    private readonly clock: Clock,
  ) {}

  @Post(':statementId/close')
  @Roles('operator')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Close a statement (one agreement, one period) now (IEC 63119 6.4.3)',
    description:
      'Sums its lines per currency, adds the partners’ clearing-house fees and a digest of the lines, and makes it ' +
      'immutable: records of its period arriving later go to the next open period with a reference to it.',
  })
  @ApiOkResponse({ description: 'The closed statement' })
  @ApiNotFoundResponse({ description: 'STATEMENT_NOT_FOUND' })
  @ApiConflictResponse({ description: 'STATEMENT_CLOSED: a closed statement is immutable' })
  close(
    @Param('statementId') statementId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<StatementSummary> {
    return this.statements.close(statementId, principal.partnerId, this.clock.now().toISOString());
  }
}
