import { Controller, Delete, HttpCode, HttpStatus, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiNoContentResponse, ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, Roles } from '@roaming/platform';
import { UuidParamPipe } from '../../../shared/uuid-param.pipe';
import { RevokeCredentialCommand } from './revoke-credential.command';

@ApiTags('admin: partners')
@Controller('v1/admin/partners')
@Roles('operator')
export class RevokeCredentialController {
  constructor(private readonly commands: CommandBus) {}

  @Delete(':partnerId/credentials/:keyId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Revoke an API key of a partner (final; idempotent)' })
  @ApiNoContentResponse({ description: 'The key no longer authenticates.' })
  @ApiNotFoundResponse({ description: 'PARTNER_NOT_FOUND, CREDENTIAL_NOT_FOUND' })
  async revoke(
    @Param('partnerId', new UuidParamPipe('partnerId', 'PARTNER_ID_INVALID')) partnerId: string,
    @Param('keyId', new UuidParamPipe('keyId', 'KEY_ID_INVALID')) keyId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<void> {
    await this.commands.execute(new RevokeCredentialCommand(partnerId, keyId, { principal }));
  }
}
