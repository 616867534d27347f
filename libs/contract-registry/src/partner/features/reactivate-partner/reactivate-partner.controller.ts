import { Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, Roles } from '@roaming/platform';
import { UuidParamPipe } from '../../../shared/uuid-param.pipe';
import type { PartnerStatusView } from '../partner.view';
import { ReactivatePartnerCommand } from './reactivate-partner.command';

@ApiTags('admin: partners')
@Controller('v1/admin/partners')
@Roles('operator')
export class ReactivatePartnerController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':partnerId/reactivate')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Reactivate a suspended or deactivated partner (GeM UC 1379; idempotent)' })
  @ApiOkResponse({ description: "{ status: 'active' }" })
  @ApiNotFoundResponse({ description: 'PARTNER_NOT_FOUND' })
  reactivate(
    @Param('partnerId', new UuidParamPipe('partnerId', 'PARTNER_ID_INVALID')) partnerId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PartnerStatusView> {
    return this.commands.execute(new ReactivatePartnerCommand(partnerId, { principal }));
  }
}
