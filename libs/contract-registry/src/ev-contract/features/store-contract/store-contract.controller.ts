import { Body, Controller, Param, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, Roles } from '@roaming/platform';
import { ContractTermsDto } from '../contract-record.dto';
import type { EvContractView } from '../ev-contract.view';
import { StoreContractCommand } from './store-contract.command';

@ApiTags('EV contracts')
@Controller('v1/contracts')
@Roles('emsp')
export class StoreContractController {
  constructor(private readonly commands: CommandBus) {}

  @Put(':emaid')
  @ApiOperation({
    summary: "Store a contract's whole record: register it or change it (GeM UC 1514/1515; idempotent)",
    description:
      'The body is the full record (fields left out take their defaults). A token no longer listed stays on the ' +
      'contract, deactivated: a uid keeps naming this contract.',
  })
  @ApiOkResponse({ description: 'the contract as stored' })
  @ApiBadRequestResponse({ description: 'REQUEST_INVALID, EMAID_CHECK_DIGIT, TOKEN_UID_INVALID, …' })
  @ApiForbiddenResponse({ description: 'PARTY_SCOPE: not your contract' })
  @ApiConflictResponse({ description: 'TOKEN_UID_TAKEN, TOKEN_TYPE_CHANGED, CONTRACTS_KEPT_AT_HOME' })
  store(
    @Param('emaid') emaid: string,
    @Body() body: ContractTermsDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<EvContractView> {
    return this.commands.execute(new StoreContractCommand({ ...body, emaid }, { principal }));
  }
}
