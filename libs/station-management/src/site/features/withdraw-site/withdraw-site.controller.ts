import { Controller, Delete, Param } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, Roles } from '@roaming/platform';
import { type SiteWriteResult, SiteWrites } from '../site-writes';

@ApiTags('sites')
@ApiBearerAuth('bearer')
@Controller('v1/operators/:cpoPartyId/sites')
export class WithdrawSiteController {
  constructor(private readonly sites: SiteWrites) {}

  @Delete(':siteId')
  @Roles('cpo')
  @ApiOperation({
    summary: 'Withdraw a whole site (eMI3 UCE MD; no hard delete)',
    description:
      'The site and its EVSEs are no longer offered; the history stays. A later full load publishes it again.',
  })
  @ApiOkResponse({ description: '{ site: SiteV1 (status WITHDRAWN), changed }' })
  @ApiForbiddenResponse({ description: 'PARTY_SCOPE' })
  @ApiNotFoundResponse({ description: 'SITE_NOT_FOUND' })
  withdraw(
    @Param('cpoPartyId') cpoPartyId: string,
    @Param('siteId') siteId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<SiteWriteResult> {
    const target = this.sites.target(principal, cpoPartyId, siteId);
    return this.sites.run(principal, { type: 'WithdrawSite', data: { ...target, at: this.sites.now() } });
  }
}
