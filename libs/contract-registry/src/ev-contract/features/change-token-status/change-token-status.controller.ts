import { Body, Controller, HttpCode, HttpStatus, Param, Post, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, Roles } from '@roaming/platform';
import type { TokenStatus } from '../../domain/contract-record';
import { ChangeStatusRequestDto } from '../change-contract-status/change-contract-status.request.dto';
import { ChangeTokenStatusCommand, type TokenStatusChange } from './change-token-status.command';

@ApiTags('EV contracts')
@Controller('v1/contracts')
@Roles('emsp')
@ApiForbiddenResponse({ description: 'PARTY_SCOPE: not your contract' })
@ApiNotFoundResponse({ description: 'CONTRACT_NOT_FOUND, TOKEN_NOT_FOUND' })
export class ChangeTokenStatusController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':emaid/tokens/:uid/block')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Block a token of your contract (GeM UC 1502; idempotent)' })
  @ApiOkResponse({ description: "{ status: 'blocked' }" })
  @ApiConflictResponse({ description: 'TOKEN_STATUS_CONFLICT: a stolen or deactivated token' })
  block(@Param('emaid') emaid: string, @Param('uid') uid: string, @CurrentPrincipal() principal: Principal) {
    return this.change(emaid, uid, { action: 'block' }, principal);
  }

  @Post(':emaid/tokens/:uid/unblock')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Unblock a blocked token of your contract (idempotent)' })
  @ApiOkResponse({ description: "{ status: 'active' }" })
  @ApiConflictResponse({ description: 'TOKEN_STATUS_CONFLICT: a stolen or deactivated token is not unblocked' })
  unblock(@Param('emaid') emaid: string, @Param('uid') uid: string, @CurrentPrincipal() principal: Principal) {
    return this.change(emaid, uid, { action: 'unblock' }, principal);
  }

  @Put(':emaid/tokens/:uid/status')
  @ApiOperation({ summary: 'Set the status of a token: active, blocked, stolen or deactivated (idempotent)' })
  @ApiOkResponse({ description: '{ status }' })
  set(
    @Param('emaid') emaid: string,
    @Param('uid') uid: string,
    @Body() body: ChangeStatusRequestDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.change(emaid, uid, { action: 'set', status: body.status }, principal);
  }

  private change(
    emaid: string,
    uid: string,
    change: TokenStatusChange,
    principal: Principal,
  ): Promise<{ status: TokenStatus }> {
    return this.commands.execute(new ChangeTokenStatusCommand(emaid, uid, change, { principal }));
  }
}
