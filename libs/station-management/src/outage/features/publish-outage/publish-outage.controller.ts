import { Body, Controller, Param, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, Roles } from '@roaming/platform';
import { DomainError, EvseId } from '@roaming/shared-kernel';
import { parseInstant, parseOptionalInstant } from '../../../shared/instant';
import type { OutageScope } from '../../domain';
import { type OutageWriteResult, OutageWrites } from '../outage-writes';
import { PublishOutageRequestDto } from './publish-outage.request.dto';

@ApiTags('outages')
@ApiBearerAuth('bearer')
@Controller('v1/operators/:cpoPartyId/outages')
export class PublishOutageController {
  constructor(private readonly outages: OutageWrites) {}

  @Put(':noticeId')
  @Roles('cpo')
  @ApiOperation({
    summary: 'Issue or revise a maintenance or outage notice for a site or some EVSEs (IEC 63119-2 UC5-1)',
    description:
      'EVSPs with an agreement see it (GET /v1/outages, and on their Kafka outbound topic), and while it is in ' +
      'force the EVSEs it covers show MAINTENANCE (planned) or OUT_OF_ORDER (unplanned) in the status lookup. ' +
      'The same notice again changes nothing.',
  })
  @ApiOkResponse({ description: '{ noticeId, status, changed }' })
  @ApiBadRequestResponse({
    description: 'REQUEST_INVALID, OUTAGE_SCOPE_INVALID, OUTAGE_PERIOD_INVALID, TIMESTAMP_INVALID',
  })
  @ApiForbiddenResponse({ description: 'PARTY_SCOPE, EVSE_NOT_OWNED' })
  @ApiNotFoundResponse({ description: 'SITE_NOT_FOUND, EVSE_UNKNOWN' })
  @ApiConflictResponse({ description: 'OUTAGE_CLOSED' })
  publish(
    @Param('cpoPartyId') cpoPartyId: string,
    @Param('noticeId') noticeId: string,
    @Body() body: PublishOutageRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<OutageWriteResult> {
    const target = this.outages.target(principal, cpoPartyId, noticeId);
    return this.outages.publish(principal, target.cpoPartyId, target.noticeId, {
      kind: body.kind,
      scope: scopeOf(body),
      startsAt: parseInstant(body.startsAt, 'startsAt'),
      endsAt: parseOptionalInstant(body.endsAt, 'endsAt'),
      description: body.description ?? null,
    });
  }
}

function scopeOf(body: PublishOutageRequestDto): OutageScope {
  if ((body.siteId === undefined) === (body.evseIds === undefined)) {
    throw DomainError.validation('OUTAGE_SCOPE_INVALID', 'give either siteId (the whole site) or evseIds, not both', {
      field: 'siteId',
      rule: 'site-or-evses',
    });
  }
  if (body.siteId !== undefined) return { siteId: body.siteId, evseIds: [] };
  const evseIds = (body.evseIds ?? []).map((id, i) => EvseId.parse(id, `evseIds.${i}`).value);
  return { siteId: null, evseIds: [...new Set(evseIds)] };
}
