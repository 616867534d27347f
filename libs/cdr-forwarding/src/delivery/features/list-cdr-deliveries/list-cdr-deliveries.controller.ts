import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { CdrDeliveryV1 } from '@roaming/contracts';
import { CurrentPrincipal, type Principal, Roles } from '@roaming/platform';
import { CdrDeliveriesQueries } from '../../projections/cdr-deliveries.queries';
import { ListAdminCdrDeliveriesRequestDto, ListCdrDeliveriesRequestDto } from './list-cdr-deliveries.request.dto';

/** Read-only views of `cdr.cdr_deliveries`: a query handler would add nothing but a hop. */
@ApiTags('cdr-deliveries')
@ApiBearerAuth('bearer')
@Controller('v1')
export class ListCdrDeliveriesController {
  constructor(private readonly queries: CdrDeliveriesQueries) {}

  @Get('cdr-deliveries')
  @Roles('cpo', 'emsp')
  @ApiOperation({
    summary: 'Webhook delivery of your records (as CPO: what you sent; as EVSP: what you receive)',
    description: 'state=UNDELIVERED lists the stalled deliveries (the alert, GeM 984).',
  })
  @ApiResponse({ status: 200, description: '{ items: CdrDeliveryV1[] }' })
  async list(
    @Query() params: ListCdrDeliveriesRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ items: CdrDeliveryV1[] }> {
    const items = await this.queries.list({
      state: params.state,
      partyIds: principal.partyIds,
      limit: params.limit ?? 100,
    });
    return { items };
  }

  @Get('admin/cdr-deliveries')
  @Roles('operator')
  @ApiOperation({ summary: 'Operator: webhook deliveries by state (UNDELIVERED = stalled, the alert)' })
  @ApiResponse({ status: 200, description: '{ items: CdrDeliveryV1[] }' })
  async listAll(@Query() params: ListAdminCdrDeliveriesRequestDto): Promise<{ items: CdrDeliveryV1[] }> {
    const items = await this.queries.list({
      state: params.state,
      cpoPartyIds: params.cpo ? [params.cpo] : undefined,
      emspPartyIds: params.emsp ? [params.emsp] : undefined,
      limit: params.limit ?? 100,
    });
    return { items };
  }
}
