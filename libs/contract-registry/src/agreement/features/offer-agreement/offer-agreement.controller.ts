import { Body, Controller, Headers, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, Roles } from '@roaming/platform';
import { parseIdempotencyKey } from '../../../shared/request-context';
import type { AgreementView } from '../agreement.view';
import { OfferAgreementCommand } from './offer-agreement.command';
import { OfferAgreementRequestDto } from './offer-agreement.request.dto';

@ApiTags('roaming agreements')
@Controller('v1/agreements')
export class OfferAgreementController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Roles('cpo')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary: 'Offer a roaming agreement to an EVSP (GeM UC 1497, eMI3 AA B2B contract)',
    description:
      'The caller acts for cpoPartyId. At most one offered or active agreement per CPO/EVSP pair at any instant. ' +
      'Retrying with the same Idempotency-Key returns the agreement created first.',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiCreatedResponse({
    description: "{ agreementId, cpoPartyId, emspPartyId, status: 'offered', validFrom, validUntil }",
  })
  @ApiForbiddenResponse({ description: 'PARTY_SCOPE' })
  @ApiNotFoundResponse({ description: 'PARTY_NOT_FOUND' })
  @ApiConflictResponse({ description: 'AGREEMENT_OVERLAP, PARTY_ROLE_MISMATCH, COUNTERPARTY_SUSPENDED' })
  offer(
    @Body() body: OfferAgreementRequestDto,
    @CurrentPrincipal() principal: Principal,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<AgreementView> {
    return this.commands.execute(
      new OfferAgreementCommand(body, { principal, idempotencyKey: parseIdempotencyKey(idempotencyKey) }),
    );
  }
}
