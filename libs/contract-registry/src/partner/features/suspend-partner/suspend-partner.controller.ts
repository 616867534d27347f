import { Body, Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, Roles } from '@roaming/platform';
import { UuidParamPipe } from '../../../shared/uuid-param.pipe';
import type { PartnerStatusView } from '../partner.view';
import { SuspendPartnerCommand } from './suspend-partner.command';
import { SuspendPartnerRequestDto } from './suspend-partner.request.dto';

@ApiTags('admin: partners')
@Controller('v1/admin/partners')
@Roles('operator')
export class SuspendPartnerController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':partnerId/suspend')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Suspend a partner: all its keys are refused with PARTNER_SUSPENDED (idempotent)' })
  @ApiOkResponse({ description: "{ status: 'suspended' }" })
  @ApiNotFoundResponse({ description: 'PARTNER_NOT_FOUND' })
  suspend(
    @Param('partnerId', new UuidParamPipe('partnerId', 'PARTNER_ID_INVALID')) partnerId: string,
    @Body() body: SuspendPartnerRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PartnerStatusView> {
    return this.commands.execute(new SuspendPartnerCommand(partnerId, body?.reason ?? null, { principal }));
  }
}
