import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@roaming/platform';
import { type ReratingReport, Rerating } from '../../rerating';

@ApiTags('audit')
@ApiBearerAuth('bearer')
@Controller('v1/audit/settlement/statements')
export class RerateStatementController {
  constructor(private readonly rerating: Rerating) {}

  @Get(':statementId/rerating')
  @Roles('auditor')
  @ApiOperation({
    summary: 'Re-run rating for every line of a statement from the event history and compare (match/mismatch per line)',
  })
  @ApiOkResponse({ description: 'ReratingReport' })
  @ApiNotFoundResponse({ description: 'STATEMENT_NOT_FOUND' })
  rerate(@Param('statementId') statementId: string): Promise<ReratingReport> {
    return this.rerating.statement(statementId);
  }
}
