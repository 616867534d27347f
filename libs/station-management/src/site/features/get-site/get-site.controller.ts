import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { SiteV1 } from '@roaming/contracts';
import { CurrentPrincipal, type Principal, Roles } from '@roaming/platform';
import { Clock, PartyId } from '@roaming/shared-kernel';
import { RegistryViewRepository } from '../../../registry-view/registry-view.repository';
import { SiteErrors } from '../../domain';
import { SitesQueries } from '../../projections/sites/sites.queries';

@ApiTags('sites')
@ApiBearerAuth('bearer')
@Controller('v1/operators/:cpoPartyId/sites')
export class GetSiteController {
  constructor(
    private readonly sites: SitesQueries,
    private readonly registry: RegistryViewRepository,
    private readonly clock: Clock,
  ) {}

  @Get(':siteId')
  @Roles('emsp', 'cpo')
  @ApiOperation({ summary: 'One site with its EVSEs (withdrawn ones marked)' })
  @ApiOkResponse({ description: 'SiteV1' })
  @ApiNotFoundResponse({ description: 'SITE_NOT_FOUND (also for operators you have no agreement with)' })
  async get(
    @Param('cpoPartyId') cpoPartyId: string,
    @Param('siteId') siteId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<SiteV1> {
    const operator = PartyId.parse(cpoPartyId, 'cpoPartyId').value;
    const visible = await this.registry.visibleOperators(principal.partyIds, this.clock.now().toISOString());
    const site = visible.includes(operator) ? await this.sites.site(operator, siteId) : undefined;
    // An operator without an agreement looks the same as an unknown site: no oracle on others' data.
    if (!site) throw SiteErrors.siteNotFound(operator, siteId);
    return site;
  }
}
