import { Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, Roles } from '@roaming/platform';
import { UuidParamPipe } from '../../../shared/uuid-param.pipe';
import { IssueCredentialCommand, type IssuedCredentialView } from './issue-credential.command';

@ApiTags('admin: partners')
@Controller('v1/admin/partners')
@Roles('operator')
export class IssueCredentialController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':partnerId/credentials')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary: 'Issue an API key to a partner',
    description: 'The key is in this answer only; the registry keeps its SHA-256. Every call issues a new key.',
  })
  @ApiCreatedResponse({ description: '{ keyId, apiKey, partnerId, roles, partyIds }' })
  @ApiNotFoundResponse({ description: 'PARTNER_NOT_FOUND' })
  @ApiConflictResponse({ description: 'PARTNER_NOT_ACTIVE: the partner is suspended' })
  issue(
    @Param('partnerId', new UuidParamPipe('partnerId', 'PARTNER_ID_INVALID')) partnerId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<IssuedCredentialView> {
    return this.commands.execute(new IssueCredentialCommand(partnerId, { principal }));
  }
}
