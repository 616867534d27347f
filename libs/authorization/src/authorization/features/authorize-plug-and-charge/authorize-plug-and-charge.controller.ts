import { Body, Controller, Headers, HttpCode, HttpStatus, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, currentCorrelationId, type Principal, Roles } from '@roaming/platform';
import { CLEARING_HOUSE_NAMESPACE, IdGenerator, uuidV5 } from '@roaming/shared-kernel';
import { checkIdempotencyKey, IDEMPOTENCY_KEY_HEADER } from '../../../shared/idempotency-key';
import { parseEvse, parseService } from '../../application/authorization-request-parsing';
import { AuthorizationSwitch } from '../../application/authorization-switch';
import { readContractCertificate } from '../../application/contract-certificate';
import { AuthorizationDecisionResponseDto } from '../authorize-token/authorization-decision.response.dto';
import { refuseForeignEvse } from '../authorize-token/authorize-token.handler';
import { AuthorizePlugAndChargeRequestDto } from './authorize-plug-and-charge.request.dto';

@ApiTags('authorizations')
@ApiBearerAuth('bearer')
@Controller('v1/authorizations')
export class AuthorizePlugAndChargeController {
  constructor(
    private readonly authorizations: AuthorizationSwitch,
    private readonly ids: IdGenerator,
  ) {}

  /**
   * IEC 63119-2 UC3-3, start charging roaming by Plug & Charge: the contract's identity is the EMAID in the
   * certificate, and the decision follows the same rules as any start (GeM 982's two stages, a provider that
   * decides at home asked in real time); a certificate outside its validity period is a recorded denial.
   */
  @Post('plug-and-charge')
  @Roles('cpo')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary: 'Ask the hub whether an EV may charge by Plug & Charge, with its contract certificate',
    description:
      'IEC 63119-2 UC3-3. The EMAID is read from the certificate (subject CN); the same decision rules as ' +
      'POST /v1/authorizations apply, plus CERTIFICATE_INVALID for a certificate outside its validity period.',
  })
  @ApiHeader({ name: IDEMPOTENCY_KEY_HEADER, required: false })
  @ApiCreatedResponse({ type: AuthorizationDecisionResponseDto })
  @ApiBadRequestResponse({
    description:
      'REQUEST_INVALID, EVSE_ID_INVALID, CONTRACT_CERTIFICATE_MALFORMED, CONTRACT_CERTIFICATE_NOT_A_CONTRACT',
  })
  @ApiForbiddenResponse({ description: 'ROLE_REQUIRED, PARTNER_SUSPENDED, EVSE_NOT_OWNED (recorded)' })
  @ApiConflictResponse({ description: 'AUTHORIZATION_EXISTS' })
  async authorize(
    @Body() body: AuthorizePlugAndChargeRequestDto,
    @CurrentPrincipal() principal: Principal,
    @Headers(IDEMPOTENCY_KEY_HEADER.toLowerCase()) idempotencyKey: string | undefined,
  ): Promise<AuthorizationDecisionResponseDto> {
    const key = checkIdempotencyKey(idempotencyKey);
    const { evseId, cpoPartyId } = parseEvse(body.evseId);
    const { emaid, certificate } = readContractCertificate(body.contractCertificate);
    const service = parseService(body.service);
    const { state } = await this.authorizations.authorize({
      authorizationId: key
        ? uuidV5(`authorization:${principal.partnerId}:${key}`, CLEARING_HOUSE_NAMESPACE)
        : this.ids.uuid(),
      evseId,
      cpoPartyId,
      token: { type: 'PLUG_AND_CHARGE', uid: emaid },
      service,
      method: 'PLUG_AND_CHARGE',
      requestedBy: principal.partnerId,
      callerPartyIds: principal.partyIds,
      channel: { kind: 'http' },
      contractCertificate: certificate,
      idempotencyKey: key,
      correlationId: currentCorrelationId(),
    });
    refuseForeignEvse(state);
    return AuthorizationDecisionResponseDto.of(state);
  }
}
