import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, Roles } from '@roaming/platform';
import type { EvContractView } from '../ev-contract.view';
import { GetContractQuery } from './get-contract.query';

@ApiTags('EV contracts')
@Controller('v1/contracts')
export class GetContractController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':emaid')
  @Roles('emsp')
  @ApiOperation({ summary: 'One of your EV contracts with its tokens (GeM UC 1514/983)' })
  @ApiOkResponse({ description: 'the contract: status, validity, services, offline flag, tokens' })
  @ApiForbiddenResponse({ description: 'PARTY_SCOPE: not your contract' })
  @ApiNotFoundResponse({ description: 'CONTRACT_NOT_FOUND' })
  get(@Param('emaid') emaid: string, @CurrentPrincipal() principal: Principal): Promise<EvContractView> {
    return this.queries.execute(new GetContractQuery(emaid, principal));
  }
}
