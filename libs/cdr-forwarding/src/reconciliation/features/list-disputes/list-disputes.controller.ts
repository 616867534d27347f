import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { CdrReconciliationStateV1, CdrReconciliationV1 } from '@roaming/contracts';
import { CurrentPrincipal, type Principal, Roles } from '@roaming/platform';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { CdrReconciliationsQueries } from '../../projections/cdr-reconciliations.queries';

const STATES: CdrReconciliationStateV1[] = ['OPEN', 'APPROVED', 'DECLINED', 'REJECTED', 'REVISED'];

export class ListDisputesRequestDto {
  @ApiPropertyOptional({ enum: STATES, description: 'Default: the open disputes (DECLINED and REJECTED)' })
  @IsOptional()
  @IsIn(STATES)
  state?: CdrReconciliationStateV1;

  @ApiPropertyOptional({
    description:
      'true: only records that got a revised record after the EVSP approved them (CdrRevisionRefused, any state)',
  })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  revisionRefused?: boolean;

  @ApiPropertyOptional({ minimum: 1, maximum: 2000, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(2000)
  limit?: number;
}

@ApiTags('cdr-reconciliation')
@ApiBearerAuth('bearer')
@Controller('v1')
export class ListDisputesController {
  constructor(private readonly queries: CdrReconciliationsQueries) {}

  @Get('cdr-disputes')
  @Roles('cpo', 'emsp')
  @ApiOperation({ summary: 'Your records in dispute (as CPO or EVSP), or in the given reconciliation state' })
  @ApiResponse({ status: 200, description: '{ items: CdrReconciliationV1[] }' })
  async list(
    @Query() params: ListDisputesRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ items: CdrReconciliationV1[] }> {
    const states = params.state ? [params.state] : (['DECLINED', 'REJECTED'] as CdrReconciliationStateV1[]);
    return {
      items: await this.queries.list(principal.partyIds, states, params.limit ?? 100, params.revisionRefused === true),
    };
  }

  @Get('admin/cdr-disputes')
  @Roles('operator')
  @ApiOperation({ summary: 'Operator: records in dispute (or in the given state), all partners' })
  @ApiResponse({ status: 200, description: '{ items: CdrReconciliationV1[] }' })
  async listAll(@Query() params: ListDisputesRequestDto): Promise<{ items: CdrReconciliationV1[] }> {
    const states = params.state ? [params.state] : (['DECLINED', 'REJECTED'] as CdrReconciliationStateV1[]);
    return { items: await this.queries.list(null, states, params.limit ?? 100, params.revisionRefused === true) };
  }
}
