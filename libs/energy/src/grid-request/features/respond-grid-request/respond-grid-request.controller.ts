import { Body, Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { IsBoolean, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { CurrentPrincipal, type Principal, Roles } from '@roaming/platform';
import { requestMetadata } from '../../../shared/request-context';
import { type GridRequestView, GridRequestWrites } from '../../grid-request-writes';

export class AcknowledgeGridRequestDto {
  @ApiProperty({ description: 'true: you apply it to your EVSEs in the area; false: you cannot (say why)' })
  @IsBoolean()
  accepted!: boolean;

  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200) reason?: string;
}

export class GridFulfilmentDto {
  @ApiProperty({
    description: 'The aggregated power your EVSEs in the area draw under the request, W (GeM 972 step 7)',
  })
  @IsInt()
  @Min(0)
  @Max(1_000_000_000)
  achievedPowerW!: number;
}

@ApiTags('grid-requests')
@ApiBearerAuth('bearer')
@Controller('v1/grid-requests/:requestId')
export class RespondGridRequestController {
  constructor(private readonly requests: GridRequestWrites) {}

  @Post('acknowledgement')
  @Roles('cpo')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'Acknowledge a grid request addressed to you (also GridRequestAcknowledgement on b2b.grid-responses.inbound.v1)',
  })
  @ApiOkResponse({ description: 'GridRequestView' })
  @ApiNotFoundResponse({ description: 'GRID_REQUEST_NOT_FOUND (also: not addressed to you)' })
  @ApiConflictResponse({ description: 'GRID_REQUEST_ANSWERED, GRID_REQUEST_CANCELLED' })
  async acknowledge(
    @Param('requestId') id: string,
    @Body() body: AcknowledgeGridRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<GridRequestView> {
    await this.requests.respond(
      principal.partyIds,
      id,
      { kind: 'acknowledgement', accepted: body.accepted, reason: body.reason ?? null },
      requestMetadata(principal),
    );
    return this.requests.get(principal, id);
  }

  @Post('fulfilment')
  @Roles('cpo')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Report the power your EVSEs in the area draw under the request (GeM 972 fulfilment profile)',
  })
  @ApiOkResponse({ description: 'GridRequestView' })
  @ApiConflictResponse({ description: 'GRID_REQUEST_NOT_ACKNOWLEDGED' })
  async fulfilment(
    @Param('requestId') id: string,
    @Body() body: GridFulfilmentDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<GridRequestView> {
    await this.requests.respond(
      principal.partyIds,
      id,
      { kind: 'fulfilment', achievedPowerW: body.achievedPowerW },
      requestMetadata(principal),
    );
    return this.requests.get(principal, id);
  }
}
