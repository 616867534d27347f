import { Body, Controller, Param, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, Roles } from '@roaming/platform';
import { parseEvse, parseSiteDetails } from '../../domain';
import { PublishSiteRequestDto, toEvse, toSiteDetails } from '../site.dto';
import { type SiteWriteResult, SiteWrites } from '../site-writes';

@ApiTags('sites')
@ApiBearerAuth('bearer')
@Controller('v1/operators/:cpoPartyId/sites')
export class PublishSiteController {
  constructor(private readonly sites: SiteWrites) {}

  @Put(':siteId')
  @Roles('cpo')
  @ApiOperation({
    summary: 'Publish a site in full: details, EVSEs and connectors (IEC 63119-2 UC1-2, eMI3 UCE MD full load)',
    description:
      'Replaces the site. EVSEs the site listed before and this load no longer lists are withdrawn (kept, marked ' +
      'WITHDRAWN). The same load again changes nothing. Every EVSE operator id must be one of your party ids.',
  })
  @ApiOkResponse({ description: '{ site: SiteV1, changed }' })
  @ApiBadRequestResponse({ description: 'REQUEST_INVALID, EVSE_ID_INVALID, EVSE_DUPLICATE, LOAD_AREA_INVALID, …' })
  @ApiForbiddenResponse({ description: 'PARTY_SCOPE, EVSE_NOT_OWNED' })
  @ApiConflictResponse({ description: 'EVSE_ON_OTHER_SITE' })
  async publish(
    @Param('cpoPartyId') cpoPartyId: string,
    @Param('siteId') siteId: string,
    @Body() body: PublishSiteRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<SiteWriteResult> {
    const target = this.sites.target(principal, cpoPartyId, siteId);
    const details = parseSiteDetails(toSiteDetails(body));
    const evses = body.evses.map((e, i) => parseEvse(toEvse(e.evseId, e), `evses.${i}`));
    return this.sites.run(principal, {
      type: 'PublishSite',
      data: {
        ...target,
        details,
        evses,
        actingPartyIds: [...principal.partyIds],
        evsesOnOtherSites: await this.sites.onOtherSites(
          evses.map((e) => e.evseId),
          target.cpoPartyId,
          target.siteId,
        ),
        at: this.sites.now(),
      },
    });
  }
}
