import { Body, Controller, Param, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, Roles } from '@roaming/platform';
import { UuidParamPipe } from '../../../shared/uuid-param.pipe';
import type { PartnerEndpoints } from '../../domain/partner-endpoints';
import { SetPartnerEndpointsCommand } from './set-partner-endpoints.command';
import { SetPartnerEndpointsRequestDto } from './set-partner-endpoints.request.dto';

const SUMMARY = 'Set webhook, real-time authorization and command endpoints, and where contracts are kept';
const ANSWER = '{ webhookUrl, authorizationUrl, commandUrl, storesContractsAtHub, authorizationTimeoutMs }';
const REFUSALS = 'PARTNER_ENDPOINTS_INVALID: not https, malformed, or contracts kept at home without authorizationUrl';

@ApiTags('admin: partners')
@Controller('v1/admin/partners')
@Roles('operator')
export class SetPartnerEndpointsController {
  constructor(private readonly commands: CommandBus) {}

  @Put(':partnerId/endpoints')
  @ApiOperation({ summary: SUMMARY })
  @ApiOkResponse({ description: ANSWER })
  @ApiBadRequestResponse({ description: REFUSALS })
  @ApiNotFoundResponse({ description: 'PARTNER_NOT_FOUND' })
  set(
    @Param('partnerId', new UuidParamPipe('partnerId', 'PARTNER_ID_INVALID')) partnerId: string,
    @Body() body: SetPartnerEndpointsRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PartnerEndpoints> {
    return this.commands.execute(new SetPartnerEndpointsCommand(partnerId, body, { principal }));
  }
}

@ApiTags('own partner record')
@Controller('v1/partner')
@Roles('cpo', 'emsp')
export class SetOwnEndpointsController {
  constructor(private readonly commands: CommandBus) {}

  @Put('endpoints')
  @ApiOperation({ summary: `${SUMMARY} (your own record)` })
  @ApiOkResponse({ description: ANSWER })
  @ApiBadRequestResponse({ description: REFUSALS })
  set(
    @Body() body: SetPartnerEndpointsRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PartnerEndpoints> {
    return this.commands.execute(new SetPartnerEndpointsCommand(principal.partnerId, body, { principal }));
  }
}
