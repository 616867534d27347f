import { Body, Controller, Param, Put } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsString, Length, ValidateNested } from 'class-validator';
import { CurrentPrincipal, type Principal, Roles } from '@roaming/platform';
import { DomainError, EvseId } from '@roaming/shared-kernel';
import { type Evse, parseEvse, parseSiteDetails, parseSiteId, SiteErrors, type SiteDetails } from '../../domain';
import { SitesQueries } from '../../projections/sites/sites.queries';
import { PublishSiteRequestDto, toEvse, toSiteDetails } from '../site.dto';
import { SiteWrites } from '../site-writes';

export class SiteOfLoadDto extends PublishSiteRequestDto {
  @ApiProperty({ example: 'HH-1' }) @IsString() @Length(1, 36) siteId!: string;
}

export class PublishAllSitesRequestDto {
  @ApiProperty({ type: [SiteOfLoadDto], description: 'Every site of the operator: sites not listed are withdrawn' })
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => SiteOfLoadDto)
  sites!: SiteOfLoadDto[];
}

export interface FullLoadResult {
  published: string[];
  unchanged: string[];
  withdrawn: string[];
}

@ApiTags('sites')
@ApiBearerAuth('bearer')
@Controller('v1/operators/:cpoPartyId/sites')
export class PublishAllSitesController {
  constructor(
    private readonly writes: SiteWrites,
    private readonly sites: SitesQueries,
  ) {}

  @Put()
  @Roles('cpo')
  @ApiOperation({
    summary: 'Full load of every site of an operator (eMI3 UCE MD bulk push; IEC 63119-2 UC1-2)',
    description:
      'Each listed site is published in full (as PUT …/sites/{siteId}); published sites not listed are withdrawn. ' +
      'The whole load is checked before anything is written: one bad site refuses the call and stores nothing. ' +
      'Sites are separate streams, so a load cut off midway is completed by sending it again (nothing applies twice).',
  })
  @ApiOkResponse({ description: '{ published, unchanged, withdrawn }: site ids' })
  @ApiForbiddenResponse({ description: 'PARTY_SCOPE, EVSE_NOT_OWNED' })
  async publishAll(
    @Param('cpoPartyId') rawCpo: string,
    @Body() body: PublishAllSitesRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<FullLoadResult> {
    const cpoPartyId = this.writes.operator(principal, rawCpo);
    const load = body.sites.map((dto, s) => parseSite(dto, s));
    const siteIds = load.map((site) => site.siteId);
    checkLoad(load, principal.partyIds);
    const elsewhere = await this.sites.evsesOutside(
      load.flatMap((site) => site.evses.map((e) => e.evseId)),
      cpoPartyId,
      [...siteIds, ...(await this.sites.publishedSiteIds(cpoPartyId))],
    );
    if (elsewhere.length > 0) throw SiteErrors.evseOnOtherSite(elsewhere);
    const result: FullLoadResult = { published: [], unchanged: [], withdrawn: [] };
    for (const site of load) {
      const written = await this.writes.run(principal, {
        type: 'PublishSite',
        data: {
          cpoPartyId,
          ...site,
          actingPartyIds: [...principal.partyIds],
          evsesOnOtherSites: [],
          at: this.writes.now(),
        },
      });
      (written.changed ? result.published : result.unchanged).push(site.siteId);
    }
    for (const siteId of await this.sites.publishedSiteIds(cpoPartyId)) {
      if (siteIds.includes(siteId)) continue;
      const written = await this.writes.run(principal, {
        type: 'WithdrawSite',
        data: { cpoPartyId, siteId, at: this.writes.now() },
      });
      if (written.changed) result.withdrawn.push(siteId);
    }
    return result;
  }
}

function parseSite(dto: SiteOfLoadDto, s: number): { siteId: string; details: SiteDetails; evses: Evse[] } {
  return {
    siteId: parseSiteId(dto.siteId),
    details: parseSiteDetails(toSiteDetails(dto)),
    evses: dto.evses.map((e, i) => parseEvse(toEvse(e.evseId, e), `sites.${s}.evses.${i}`)),
  };
}

/** The rules the site decider applies one site at a time, applied to the whole load before any write. */
function checkLoad(load: readonly { siteId: string; evses: Evse[] }[], partyIds: readonly string[]): void {
  const seen = new Set<string>();
  const sites = new Set<string>();
  for (const site of load) {
    if (sites.has(site.siteId)) {
      throw DomainError.validation('SITE_DUPLICATE', `site ${site.siteId} is listed twice`, {
        field: 'sites',
        rule: 'unique-site',
      });
    }
    sites.add(site.siteId);
    for (const evse of site.evses) {
      const operatorId = EvseId.parse(evse.evseId).operatorId.value;
      if (!partyIds.includes(operatorId)) throw SiteErrors.evseNotOwned(evse.evseId, operatorId);
      if (seen.has(evse.evseId)) throw SiteErrors.evseDuplicate(evse.evseId);
      seen.add(evse.evseId);
    }
  }
}
