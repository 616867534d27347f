import { Controller, Get, Param, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import { CurrentPrincipal, type Principal, Roles } from '@roaming/platform';
import { Clock, DomainError, EvseId } from '@roaming/shared-kernel';
import { parseInstant } from '../../../shared/instant';
import { loadAreaOperator, parseLoadAreaId } from '../../../site/domain';
import { SitesQueries } from '../../../site/projections/sites/sites.queries';
import {
  type EvseHistory,
  EvseHistoryQueries,
  type HistoryWindow,
  sumHistories,
} from '../../projections/evse-history.queries';

export class HistoryWindowDto {
  @ApiPropertyOptional({ description: 'Start of the window (default: 24 h before `to`)' })
  @IsOptional()
  @IsString()
  from?: string;

  @ApiPropertyOptional({ description: 'End of the window (default: now)' })
  @IsOptional()
  @IsString()
  to?: string;
}

const DAY_MS = 24 * 3600_000;
const MAX_WINDOW_MS = 366 * DAY_MS;

@ApiTags('evse-history')
@ApiBearerAuth('bearer')
@Controller('v1')
export class GetHistoryController {
  constructor(
    private readonly history: EvseHistoryQueries,
    private readonly sites: SitesQueries,
    private readonly clock: Clock,
  ) {}

  @Get('evses/:evseId/history')
  @Roles('cpo', 'dso')
  @ApiOperation({
    summary: 'History of one EVSE (GeM 967/1599): sessions, energy, status time, outages, failed authorizations',
    description: 'For its operator, and for the grid operator of its load area.',
  })
  @ApiOkResponse({ description: '{ evseId, loadAreaId, from, to, ...EvseHistory }' })
  @ApiNotFoundResponse({ description: 'EVSE_UNKNOWN (also for EVSEs that are not yours to see)' })
  async evse(
    @Param('evseId') rawEvseId: string,
    @Query() query: HistoryWindowDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ evseId: string; loadAreaId: string | null } & HistoryWindow & EvseHistory> {
    const evseId = EvseId.parse(rawEvseId, 'evseId').value;
    const entry = await this.sites.evse(evseId);
    const parties = principal.partyIds;
    const visible =
      entry &&
      (parties.includes(entry.cpoPartyId) ||
        parties.includes(entry.operatorPartyId) ||
        (entry.loadAreaId !== null && parties.includes(loadAreaOperator(entry.loadAreaId))));
    if (!entry || !visible) {
      throw DomainError.notFound('EVSE_UNKNOWN', `no EVSE ${evseId} of yours`, {
        field: 'evseId',
        rule: 'visible-evse',
      });
    }
    const window = this.window(query);
    const history = (await this.history.perEvse([evseId], window)).get(evseId);
    return { evseId, loadAreaId: entry.loadAreaId, ...window, ...(history as EvseHistory) };
  }

  @Get('load-areas/:loadAreaId/history')
  @Roles('dso', 'cpo')
  @ApiOperation({
    summary: 'History of a load area (GeM 967/1599, aggregated per load area), with each EVSE',
    description: 'The grid operator of the area sees every EVSE in it; a CPO sees its own EVSEs in the area.',
  })
  @ApiOkResponse({
    description: '{ loadAreaId, from, to, evseCount, total: EvseHistory, evses: [{ evseId, ...EvseHistory }] }',
  })
  async area(
    @Param('loadAreaId') rawArea: string,
    @Query() query: HistoryWindowDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    const loadAreaId = parseLoadAreaId(rawArea);
    const parties = principal.partyIds;
    const gridOperator = parties.includes(loadAreaOperator(loadAreaId));
    const evses = (await this.history.evsesOfArea(loadAreaId)).filter(
      (e) => gridOperator || parties.includes(e.cpoPartyId) || parties.includes(e.operatorPartyId),
    );
    const window = this.window(query);
    const histories = await this.history.perEvse(
      evses.map((e) => e.evseId),
      window,
    );
    return {
      loadAreaId,
      ...window,
      evseCount: evses.length,
      total: sumHistories(histories.values()),
      evses: [...histories].map(([evseId, history]) => ({ evseId, ...history })),
    };
  }

  private window(query: HistoryWindowDto): HistoryWindow {
    const now = this.clock.now().toISOString();
    const to = query.to === undefined ? now : parseInstant(query.to, 'to');
    const from =
      query.from === undefined ? new Date(Date.parse(to) - DAY_MS).toISOString() : parseInstant(query.from, 'from');
    const length = Date.parse(to) - Date.parse(from);
    if (length <= 0 || length > MAX_WINDOW_MS) {
      throw DomainError.validation('HISTORY_WINDOW_INVALID', 'to must be after from, at most 366 days', {
        field: 'from',
        rule: 'window',
      });
    }
    return { from, to, now };
  }
}
