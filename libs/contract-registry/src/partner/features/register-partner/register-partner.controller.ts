import { Body, Controller, Headers, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiConflictResponse, ApiCreatedResponse, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, Roles } from '@roaming/platform';
import { parseIdempotencyKey } from '../../../shared/request-context';
import type { PartnerSummaryView } from '../partner.view';
import { RegisterPartnerCommand } from './register-partner.command';
import { RegisterPartnerRequestDto } from './register-partner.request.dto';

@ApiTags('admin: partners')
@Controller('v1/admin/partners')
@Roles('operator')
export class RegisterPartnerController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary: 'Register a business partner (GeM UC 1374)',
    description:
      'Creates a CPO and/or EVSP partner holding the given party ids. A party id held by another partner is ' +
      'refused with PARTY_ID_TAKEN. Retrying with the same Idempotency-Key returns the partner created first.',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiCreatedResponse({ description: '{ partnerId, name, roles, partyIds, status }' })
  @ApiConflictResponse({ description: 'PARTY_ID_TAKEN, PARTNER_ALREADY_REGISTERED' })
  register(
    @Body() body: RegisterPartnerRequestDto,
    @CurrentPrincipal() principal: Principal,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<PartnerSummaryView> {
    return this.commands.execute(
      new RegisterPartnerCommand(body, { principal, idempotencyKey: parseIdempotencyKey(idempotencyKey) }),
    );
  }
}
