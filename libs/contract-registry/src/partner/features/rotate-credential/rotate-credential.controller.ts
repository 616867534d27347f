import { Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, Roles } from '@roaming/platform';
import { UuidParamPipe } from '../../../shared/uuid-param.pipe';
import { RotateCredentialCommand, type RotatedCredentialView } from './rotate-credential.command';

const DESCRIPTION =
  'Issues a new API key and revokes the old one in one step. The new key is in this answer only; the registry keeps ' +
  'its SHA-256.';

@ApiTags('admin: partners')
@Controller('v1/admin/partners')
@Roles('operator')
export class RotateCredentialController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':partnerId/credentials/:keyId/rotate')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({ summary: "Rotate a partner's API key", description: DESCRIPTION })
  @ApiCreatedResponse({ description: '{ keyId, apiKey, partnerId, roles, partyIds, revokedKeyId }' })
  @ApiNotFoundResponse({ description: 'PARTNER_NOT_FOUND, CREDENTIAL_NOT_FOUND' })
  @ApiConflictResponse({ description: 'CREDENTIAL_NOT_ACTIVE (already revoked), PARTNER_NOT_ACTIVE' })
  rotate(
    @Param('partnerId', new UuidParamPipe('partnerId', 'PARTNER_ID_INVALID')) partnerId: string,
    @Param('keyId', new UuidParamPipe('keyId', 'KEY_ID_INVALID')) keyId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<RotatedCredentialView> {
    return this.commands.execute(new RotateCredentialCommand(partnerId, keyId, { principal }));
  }
}

@ApiTags('own partner record')
@Controller('v1/partner')
@Roles('cpo', 'emsp', 'dso', 'auditor')
export class RotateOwnCredentialController {
  constructor(private readonly commands: CommandBus) {}

  @Post('credentials/rotate')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({ summary: 'Rotate the API key this call is made with', description: DESCRIPTION })
  @ApiCreatedResponse({ description: '{ keyId, apiKey, partnerId, roles, partyIds, revokedKeyId }' })
  rotate(@CurrentPrincipal() principal: Principal): Promise<RotatedCredentialView> {
    return this.commands.execute(new RotateCredentialCommand(principal.partnerId, principal.keyId, { principal }));
  }
}
