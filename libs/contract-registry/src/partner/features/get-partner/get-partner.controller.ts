import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@roaming/platform';
import { UuidParamPipe } from '../../../shared/uuid-param.pipe';
import type { PartnerDetailView } from '../partner.view';
import { GetPartnerQuery } from './get-partner.query';

@ApiTags('admin: partners')
@Controller('v1/admin/partners')
@Roles('operator')
export class GetPartnerController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':partnerId')
  @ApiOperation({ summary: 'A business partner with its key ids (GeM UC 1377)' })
  @ApiOkResponse({ description: 'partner, partner contract version and credentials (key ids and status only)' })
  @ApiNotFoundResponse({ description: 'PARTNER_NOT_FOUND' })
  get(
    @Param('partnerId', new UuidParamPipe('partnerId', 'PARTNER_ID_INVALID')) partnerId: string,
  ): Promise<PartnerDetailView> {
    return this.queries.execute(new GetPartnerQuery(partnerId));
  }
}
