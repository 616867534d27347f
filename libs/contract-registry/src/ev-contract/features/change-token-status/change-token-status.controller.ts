import { Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, Roles } from '@roaming/platform';
import type { TokenStatus } from '../../domain/ev-contract.state';
import { ChangeTokenStatusCommand } from './change-token-status.command';

@ApiTags('EV contracts')
@Controller('v1/contracts')
@Roles('emsp')
export class ChangeTokenStatusController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':emaid/tokens/:uid/block')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Block a token of your contract (GeM UC 1502; idempotent)' })
  @ApiOkResponse({ description: "{ status: 'blocked' }" })
  @ApiForbiddenResponse({ description: 'PARTY_SCOPE: not your contract' })
  @ApiNotFoundResponse({ description: 'CONTRACT_NOT_FOUND, TOKEN_NOT_FOUND' })
  block(
    @Param('emaid') emaid: string,
    @Param('uid') uid: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ status: TokenStatus }> {
    return this.commands.execute(new ChangeTokenStatusCommand(emaid, uid, 'blocked', { principal }));
  }

  @Post(':emaid/tokens/:uid/unblock')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Unblock a token of your contract (idempotent)' })
  @ApiOkResponse({ description: "{ status: 'active' }" })
  @ApiForbiddenResponse({ description: 'PARTY_SCOPE: not your contract' })
  @ApiNotFoundResponse({ description: 'CONTRACT_NOT_FOUND, TOKEN_NOT_FOUND' })
  unblock(
    @Param('emaid') emaid: string,
    @Param('uid') uid: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ status: TokenStatus }> {
    return this.commands.execute(new ChangeTokenStatusCommand(emaid, uid, 'active', { principal }));
  }
}
