import { Body, Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, Roles } from '@roaming/platform';
import { UuidParamPipe } from '../../../shared/uuid-param.pipe';
import type { PartnerStatusView } from '../partner.view';
import { SuspendPartnerRequestDto } from '../suspend-partner/suspend-partner.request.dto';
import { DeactivatePartnerCommand } from './deactivate-partner.command';

@ApiTags('admin: partners')
@Controller('v1/admin/partners')
@Roles('operator')
export class DeactivatePartnerController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':partnerId/deactivate')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Deactivate a partner (GeM 1369, UC 1380; idempotent)',
    description:
      'Refused while a roaming agreement (offered, active or suspended) still binds one of its parties: terminate, ' +
      'decline or deactivate those first. Its keys are refused afterwards; its record and history stay. ' +
      '/reactivate makes it active again (UC 1379).',
  })
  @ApiOkResponse({ description: "{ status: 'deactivated' }" })
  @ApiNotFoundResponse({ description: 'PARTNER_NOT_FOUND' })
  @ApiConflictResponse({ description: 'PARTNER_HAS_OPEN_AGREEMENTS (with agreementIds)' })
  deactivate(
    @Param('partnerId', new UuidParamPipe('partnerId', 'PARTNER_ID_INVALID')) partnerId: string,
    @Body() body: SuspendPartnerRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PartnerStatusView> {
    return this.commands.execute(new DeactivatePartnerCommand(partnerId, body?.reason ?? null, { principal }));
  }
}
