import { Body, Controller, Param, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiConflictResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, Roles } from '@roaming/platform';
import { UuidParamPipe } from '../../../shared/uuid-param.pipe';
import { DeclareRoamingPartnersCommand } from './declare-roaming-partners.command';
import { DeclareRoamingPartnersRequestDto } from './declare-roaming-partners.request.dto';

const SUMMARY = 'Declare the CPOs an EVSP roams with (GeM 1291)';
const REFUSALS = 'ROAMING_PARTNERS_INVALID: malformed, repeated, own or unregistered party id (rule registered-cpo)';

@ApiTags('admin: partners')
@Controller('v1/admin/partners')
@Roles('operator')
export class DeclareRoamingPartnersController {
  constructor(private readonly commands: CommandBus) {}

  @Put(':partnerId/roaming-partners')
  @ApiOperation({ summary: SUMMARY })
  @ApiOkResponse({ description: '{ roamingPartners }' })
  @ApiBadRequestResponse({ description: REFUSALS })
  @ApiConflictResponse({ description: 'PARTNER_NOT_EMSP' })
  declare(
    @Param('partnerId', new UuidParamPipe('partnerId', 'PARTNER_ID_INVALID')) partnerId: string,
    @Body() body: DeclareRoamingPartnersRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ roamingPartners: string[] }> {
    return this.commands.execute(new DeclareRoamingPartnersCommand(partnerId, body.roamingPartners, { principal }));
  }
}

@ApiTags('own partner record')
@Controller('v1/partner')
@Roles('emsp')
export class DeclareOwnRoamingPartnersController {
  constructor(private readonly commands: CommandBus) {}

  @Put('roaming-partners')
  @ApiOperation({ summary: `${SUMMARY} (your own record)` })
  @ApiOkResponse({ description: '{ roamingPartners }' })
  @ApiBadRequestResponse({ description: REFUSALS })
  declare(
    @Body() body: DeclareRoamingPartnersRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ roamingPartners: string[] }> {
    return this.commands.execute(
      new DeclareRoamingPartnersCommand(principal.partnerId, body.roamingPartners, { principal }),
    );
  }
}
