import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Length, Max, MaxLength, Min } from 'class-validator';
import { CurrentPrincipal, type Principal, Roles } from '@roaming/platform';
import { Clock, EvseId } from '@roaming/shared-kernel';
import { RegistryViewRepository } from '../../../registry-view/registry-view.repository';
import { DEFAULT_PAGE_LIMIT, decodeCursor, encodeCursor, MAX_PAGE_LIMIT } from '../../../shared/cursor';
import { parseInstant } from '../../../shared/instant';
import { type OutageNoticeView, OutagesQueries } from '../../projections/outages/outages.queries';

export class ListOutagesRequestDto {
  @ApiPropertyOptional({ description: 'Only notices in force now' })
  @IsOptional()
  @Transform(({ value }) => value === true || value === 'true')
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ description: 'Only notices in force at this instant' })
  @IsOptional()
  @IsString()
  activeAt?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 36) siteId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 64) evseId?: string;

  @ApiPropertyOptional({ description: 'nextCursor of an earlier page: only notices changed since' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  since?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_LIMIT, default: DEFAULT_PAGE_LIMIT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_LIMIT)
  limit?: number;
}

@ApiTags('outages')
@ApiBearerAuth('bearer')
@Controller('v1/outages')
export class ListOutagesController {
  constructor(
    private readonly outages: OutagesQueries,
    private readonly registry: RegistryViewRepository,
    private readonly clock: Clock,
  ) {}

  @Get()
  @Roles('emsp', 'cpo')
  @ApiOperation({
    summary: 'Maintenance and outage notices of the operators you have an agreement with (IEC 63119-2 UC5-1)',
    description:
      'Oldest change first; pass nextCursor as `since` for what changed after it (ended, cancelled, revised).',
  })
  @ApiOkResponse({ description: '{ items: OutageNotice[], nextCursor }' })
  async list(
    @Query() query: ListOutagesRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ items: OutageNoticeView[]; nextCursor: string }> {
    const now = this.clock.now().toISOString();
    const activeAt =
      query.activeAt !== undefined ? parseInstant(query.activeAt, 'activeAt') : query.active ? now : undefined;
    const page = await this.outages.page({
      operators: await this.registry.visibleOperators(principal.partyIds, now),
      since: decodeCursor(query.since),
      limit: query.limit ?? DEFAULT_PAGE_LIMIT,
      activeAt,
      siteId: query.siteId,
      evseId: query.evseId === undefined ? undefined : EvseId.parse(query.evseId, 'evseId').value,
    });
    return { items: page.items, nextCursor: encodeCursor(page.last) };
  }
}
