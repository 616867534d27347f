import { Controller, Get, Param, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, Roles } from '@roaming/platform';
import { IsIn, IsOptional } from 'class-validator';
import { PageRequestDto } from '../../../paging';
import { type StatementLineView, type StatementSummary, Statements } from '../../statements';

export class ListStatementsRequestDto extends PageRequestDto {
  @ApiPropertyOptional({ enum: ['OPEN', 'CLOSED'] })
  @IsOptional()
  @IsIn(['OPEN', 'CLOSED'])
  status?: 'OPEN' | 'CLOSED';
}

@ApiTags('statements')
@ApiBearerAuth('bearer')
@Controller('v1/statements')
export class ReadStatementsController {
  constructor(private readonly statements: Statements) {}

  @Get()
  @Roles('cpo', 'emsp', 'operator', 'auditor')
  @ApiOperation({
    summary: 'Your statements (as CPO or EVSP; all for the operator and auditors), oldest period first, paged (≤ 2000)',
  })
  @ApiOkResponse({ description: '{ items: StatementSummary[], nextCursor: string | null }' })
  list(
    @Query() query: ListStatementsRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ items: StatementSummary[]; nextCursor: string | null }> {
    return this.statements.list(principal, query.status, query);
  }

  @Get(':statementId')
  @Roles('cpo', 'emsp', 'operator', 'auditor')
  @ApiOperation({
    summary: 'One statement with its lines: records, credits (negative, referencing the credited record), late lines',
  })
  @ApiOkResponse({
    description:
      'StatementSummary with lineCount (all lines) and one page of lines in line-id order (?limit ≤ 2000, ?cursor = nextCursor)',
  })
  @ApiNotFoundResponse({ description: 'STATEMENT_NOT_FOUND (also for a statement of other parties)' })
  get(
    @Param('statementId') statementId: string,
    @Query() page: PageRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<StatementSummary & { lineCount: number; lines: StatementLineView[]; nextCursor: string | null }> {
    return this.statements.forReader(principal, statementId, page);
  }
}
