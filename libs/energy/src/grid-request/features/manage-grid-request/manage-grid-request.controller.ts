import { Controller, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, Roles } from '@roaming/platform';
import { type GridRequestView, GridRequestWrites } from '../../grid-request-writes';

@ApiTags('grid-requests')
@ApiBearerAuth('bearer')
@Controller('v1/grid-requests/:requestId')
export class ManageGridRequestController {
  constructor(private readonly requests: GridRequestWrites) {}

  @Get()
  @Roles('dso', 'cpo')
  @ApiOperation({ summary: "A grid request with each addressed CPO's answer (the DSO and the addressed CPOs)" })
  @ApiOkResponse({ description: 'GridRequestView' })
  @ApiNotFoundResponse({ description: 'GRID_REQUEST_NOT_FOUND' })
  get(@Param('requestId') id: string, @CurrentPrincipal() principal: Principal): Promise<GridRequestView> {
    return this.requests.get(principal, id);
  }

  @Post('cancel')
  @Roles('dso')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Call off a grid request; the CPOs are told' })
  @ApiOkResponse({ description: 'GridRequestView (CANCELLED)' })
  cancel(@Param('requestId') id: string, @CurrentPrincipal() principal: Principal): Promise<GridRequestView> {
    return this.requests.cancel(principal, id);
  }
}
