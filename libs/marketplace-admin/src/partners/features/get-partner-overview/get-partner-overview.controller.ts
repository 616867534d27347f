import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@roaming/platform';
import { PartnerIdPipe } from '../../partner-id.pipe';
import { GetPartnerOverviewQuery, type PartnerOverviewView } from './get-partner-overview.query';

@ApiTags('admin: marketplace')
@Controller('v1/admin/marketplace/partners')
@Roles('operator')
export class GetPartnerOverviewController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':partnerId')
  @ApiOperation({ summary: 'One partner with the totals of its transactions per role, kind and status (GeM 927)' })
  @ApiOkResponse({ description: 'the partner and { transactions: [...] }' })
  @ApiNotFoundResponse({ description: 'PARTNER_NOT_FOUND' })
  get(@Param('partnerId', PartnerIdPipe) partnerId: string): Promise<PartnerOverviewView> {
    return this.queries.execute(new GetPartnerOverviewQuery(partnerId));
  }
}
