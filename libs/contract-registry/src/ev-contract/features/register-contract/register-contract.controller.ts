import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, Roles } from '@roaming/platform';
import type { EvContractView } from '../ev-contract.view';
import { RegisterContractCommand } from './register-contract.command';
import { RegisterContractRequestDto } from './register-contract.request.dto';

@ApiTags('EV contracts')
@Controller('v1/contracts')
export class RegisterContractController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Roles('emsp')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary: 'Register an EV contract and its tokens (GeM UC 1514; IEC 63119 UC4-2)',
    description:
      'No personal data: the EMAID and token uids only. Registering the identical contract again answers 201 ' +
      'with the stored contract and changes nothing; the EMAID is the idempotency key.',
  })
  @ApiCreatedResponse({
    description:
      '{ emaid, emspPartyId, status, validUntil, expired, allowedServices, allowOffline, tokens, registeredAt }',
  })
  @ApiBadRequestResponse({
    description:
      'REQUEST_INVALID, EMAID_INVALID, EMAID_CHECK_DIGIT, TOKEN_UID_INVALID, TOKEN_UID_DUPLICATE, ' +
      'CONTRACT_VALIDITY_INVALID, CONTRACT_CERTIFICATE_INVALID, …',
  })
  @ApiForbiddenResponse({ description: "PARTY_SCOPE: the EMAID's provider id is not one of your party ids" })
  @ApiConflictResponse({ description: 'TOKEN_UID_TAKEN, TOKEN_TYPE_CHANGED, CONTRACT_EXISTS, CONTRACTS_KEPT_AT_HOME' })
  register(
    @Body() body: RegisterContractRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<EvContractView> {
    return this.commands.execute(new RegisterContractCommand(body, { principal }));
  }
}
