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
import { EvseId } from '@roaming/shared-kernel';
import { type SiteWriteResult, SiteWrites } from '../site-writes';

@ApiTags('sites')
@ApiBearerAuth('bearer')
@Controller('v1/operators/:cpoPartyId/sites/:siteId/evses')
export class WithdrawEvseController {
  constructor(private readonly sites: SiteWrites) {}

  @Delete(':evseId')
  @Roles('cpo')
  @ApiOperation({
    summary: 'Withdraw one EVSE (eMI3 UCE MD: "withdraw provided data"; nothing is deleted)',
    description:
      'The EVSE stays on the site marked WITHDRAWN and is no longer offered. Withdrawing it again changes nothing.',
  })
  @ApiOkResponse({ description: '{ site: SiteV1, changed }' })
  @ApiForbiddenResponse({ description: 'PARTY_SCOPE' })
  @ApiNotFoundResponse({ description: 'SITE_NOT_FOUND, EVSE_NOT_ON_SITE' })
  withdraw(
    @Param('cpoPartyId') cpoPartyId: string,
    @Param('siteId') siteId: string,
    @Param('evseId') evseId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<SiteWriteResult> {
    const target = this.sites.target(principal, cpoPartyId, siteId);
    return this.sites.run(principal, {
      type: 'WithdrawEvse',
      data: { ...target, evseId: EvseId.parse(evseId, 'evseId').value, at: this.sites.now() },
    });
  }
}
