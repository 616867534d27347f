import { Body, Controller, Param, Put } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, Roles } from '@roaming/platform';
import { parseEvse } from '../../domain';
import { EvseBodyDto, toEvse } from '../site.dto';
import { type SiteWriteResult, SiteWrites } from '../site-writes';

@ApiTags('sites')
@ApiBearerAuth('bearer')
@Controller('v1/operators/:cpoPartyId/sites/:siteId/evses')
export class PublishEvseController {
  constructor(private readonly sites: SiteWrites) {}

  @Put(':evseId')
  @Roles('cpo')
  @ApiOperation({
    summary: 'Add or replace one EVSE of a published site (eMI3 UCE MD delta)',
    description: 'A delta: the rest of the site stays as it is. The EVSE operator id must be one of your party ids.',
  })
  @ApiOkResponse({ description: '{ site: SiteV1, changed }' })
  @ApiForbiddenResponse({ description: 'PARTY_SCOPE, EVSE_NOT_OWNED' })
  @ApiNotFoundResponse({ description: 'SITE_NOT_FOUND' })
  @ApiConflictResponse({ description: 'EVSE_ON_OTHER_SITE, SITE_NOT_PUBLISHED' })
  async publish(
    @Param('cpoPartyId') cpoPartyId: string,
    @Param('siteId') siteId: string,
    @Param('evseId') evseId: string,
    @Body() body: EvseBodyDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<SiteWriteResult> {
    const target = this.sites.target(principal, cpoPartyId, siteId);
    const evse = parseEvse(toEvse(evseId, body), 'path');
    return this.sites.run(principal, {
      type: 'PublishEvse',
      data: {
        ...target,
        evse,
        actingPartyIds: [...principal.partyIds],
        evsesOnOtherSites: await this.sites.onOtherSites([evse.evseId], target.cpoPartyId, target.siteId),
        at: this.sites.now(),
      },
    });
  }
}
