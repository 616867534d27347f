import { Body, Controller, Headers, HttpCode, HttpStatus, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { CurrentPrincipal, type Principal, Roles } from '@roaming/platform';
import { DomainError } from '@roaming/shared-kernel';
import { parseInstant } from '../../../shared/instant';
import { IDEMPOTENCY_KEY_HEADER, parseIdempotencyKey } from '../../../shared/request-context';
import {
  GRID_REQUEST_KINDS,
  GRID_REQUEST_PRIORITIES,
  type GridRequestKind,
  type GridRequestPriority,
} from '../../domain/grid-request';
import { type GridRequestView, GridRequestWrites } from '../../grid-request-writes';

export class IssueGridRequestRequestDto {
  @ApiProperty({ example: 'DEN01:LV-0042', description: 'One of your load areas: <your party id>:<area>' })
  @IsString()
  @Length(1, 80)
  loadAreaId!: string;

  @ApiProperty({ enum: GRID_REQUEST_KINDS }) @IsIn(GRID_REQUEST_KINDS) kind!: GridRequestKind;

  @ApiProperty({ enum: GRID_REQUEST_PRIORITIES, description: 'EMERGENCY goes out ahead of everything else' })
  @IsIn(GRID_REQUEST_PRIORITIES)
  priority!: GridRequestPriority;

  @ApiProperty({ example: '2026-03-01T17:00:00Z' }) @IsString() startsAt!: string;
  @ApiProperty({ example: '2026-03-01T19:00:00Z' }) @IsString() endsAt!: string;

  @ApiPropertyOptional({ description: 'CURTAILMENT: the most power all EVSEs of the area may draw together, W' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000_000)
  limitW?: number;

  @ApiPropertyOptional({ description: 'FLEXIBILITY: the reduction asked for, W' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000_000)
  reductionW?: number;
}

const LOAD_AREA_ID = /^([A-Za-z]{2})[*-]?([A-Za-z0-9]{3}):([A-Za-z0-9._-]{1,64})$/;

@ApiTags('grid-requests')
@ApiBearerAuth('bearer')
@Controller('v1/grid-requests')
export class IssueGridRequestController {
  constructor(private readonly requests: GridRequestWrites) {}

  @Post()
  @Roles('dso')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary: 'Issue a curtailment or flexibility request for one of your load areas (GeM 972/1602, 961/1596, 1572)',
    description:
      'Sent to every CPO with EVSEs in the area (EMERGENCY on b2b.<cpo>.priority.v1, others on b2b.<cpo>.outbound.v1). ' +
      'Each CPO acknowledges; those silent by respondBy are flagged (GridReactionMissing, to you). Curtailment limits ' +
      'are the envelope charge plans in the area must stay within.',
  })
  @ApiHeader({ name: IDEMPOTENCY_KEY_HEADER, required: false })
  @ApiCreatedResponse({ description: 'GridRequestView with the addressed CPOs' })
  @ApiBadRequestResponse({
    description: 'REQUEST_INVALID, LOAD_AREA_INVALID, GRID_REQUEST_INVALID, GRID_REQUEST_PERIOD_INVALID',
  })
  @ApiForbiddenResponse({ description: 'LOAD_AREA_NOT_OPERATED' })
  issue(
    @Body() body: IssueGridRequestRequestDto,
    @CurrentPrincipal() principal: Principal,
    @Headers(IDEMPOTENCY_KEY_HEADER.toLowerCase()) rawKey: string | undefined,
  ): Promise<GridRequestView> {
    return this.requests.issue(principal, {
      loadAreaId: loadArea(body.loadAreaId),
      kind: body.kind,
      priority: body.priority,
      startsAt: parseInstant(body.startsAt, 'startsAt'),
      endsAt: parseInstant(body.endsAt, 'endsAt'),
      limitW: body.limitW ?? null,
      reductionW: body.reductionW ?? null,
      idempotencyKey: parseIdempotencyKey(rawKey),
    });
  }
}

/** `<DSO party id>:<area>`, the DSO part normalised (DE*N01 → DEN01), as station management publishes it. */
function loadArea(raw: string): string {
  const match = LOAD_AREA_ID.exec(raw.trim());
  if (!match) {
    throw DomainError.validation(
      'LOAD_AREA_INVALID',
      'loadAreaId must be <grid operator party id>:<area>, like DEN01:LV-0042',
      {
        field: 'loadAreaId',
        rule: 'format',
      },
    );
  }
  return `${match[1].toUpperCase()}${match[2].toUpperCase()}:${match[3]}`;
}
