import { Body, Controller, Delete, Param, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, Roles } from '@roaming/platform';
import type { EvContractView } from '../ev-contract.view';
import { ChangeContractStatusCommand } from './change-contract-status.command';
import { ChangeStatusRequestDto } from './change-contract-status.request.dto';

@ApiTags('EV contracts')
@Controller('v1/contracts')
@Roles('emsp')
@ApiForbiddenResponse({ description: 'PARTY_SCOPE: not your contract' })
@ApiNotFoundResponse({ description: 'CONTRACT_NOT_FOUND' })
export class ChangeContractStatusController {
  constructor(private readonly commands: CommandBus) {}

  @Put(':emaid/status')
  @ApiOperation({
    summary: 'Set the status of the whole contract: active, blocked, stolen or deactivated (idempotent)',
  })
  @ApiOkResponse({ description: 'the contract' })
  change(
    @Param('emaid') emaid: string,
    @Body() body: ChangeStatusRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<EvContractView> {
    return this.commands.execute(new ChangeContractStatusCommand(emaid, body.status, { principal }));
  }

  @Delete(':emaid')
  @ApiOperation({
    summary: '"Delete" a contract: deactivate it, keeping it and its history (GeM UC 1516; idempotent)',
  })
  @ApiOkResponse({ description: "the contract, status 'deactivated'" })
  deactivate(@Param('emaid') emaid: string, @CurrentPrincipal() principal: Principal): Promise<EvContractView> {
    return this.commands.execute(new ChangeContractStatusCommand(emaid, 'deactivated', { principal }));
  }
}
