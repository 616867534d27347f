import { Body, Controller, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { EventStore, handleCommand } from '@roaming/event-store';
import { CurrentPrincipal, type Principal, Roles } from '@roaming/platform';
import { Clock, DomainError, PartyId } from '@roaming/shared-kernel';
import { IsIn, IsString, Matches } from 'class-validator';
import { type FeeTerms, feeTermsDecider, feeTermsStream } from '../../domain/terms';

export class SetFeeTermsRequestDto {
  @ApiProperty({ example: '0.10', description: 'Fee per priced session, decimal string ≥ 0' })
  @IsString()
  @Matches(/^\d{1,12}(\.\d{1,6})?$/)
  perSession!: string;

  @ApiProperty({ example: '1.5', description: 'Percent of the statement total incl. VAT, decimal string 0–100' })
  @IsString()
  @Matches(/^\d{1,3}(\.\d{1,6})?$/)
  percentage!: string;

  @ApiProperty({ example: 'EUR' }) @IsString() @Matches(/^[A-Z]{3}$/) currency!: string;

  @ApiProperty({
    enum: ['PARTY', 'COUNTERPARTY'],
    description: 'Who pays: this partner or the other side of each statement',
  })
  @IsIn(['PARTY', 'COUNTERPARTY'])
  payer!: FeeTerms['payer'];
}

@ApiTags('settlement-admin')
@ApiBearerAuth('bearer')
@Controller('v1/admin/settlement/partners')
export class SetFeeTermsController {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
  ) {}

  @Put(':partyId/fee-terms')
  @Roles('operator')
  @ApiOperation({
    summary: 'Set a partner’s clearing-house fee: per session and/or percentage, currency, who pays',
    description:
      'Applies to statements closed from now on. Errors: PARTY_ID_INVALID, FEE_TERMS_INVALID, REQUEST_INVALID.',
  })
  @ApiOkResponse({ description: 'The terms in force' })
  async set(
    @Param('partyId') rawPartyId: string,
    @Body() body: SetFeeTermsRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<FeeTerms & { partyId: string }> {
    if (!PartyId.isValid(rawPartyId)) {
      throw DomainError.validation('PARTY_ID_INVALID', 'partyId is a party id like DEABC', { field: 'partyId' });
    }
    const partyId = PartyId.parse(rawPartyId).value;
    const terms: FeeTerms = {
      perSession: body.perSession,
      percentage: body.percentage,
      currency: body.currency,
      payer: body.payer,
    };
    const { state } = await handleCommand(
      this.store,
      feeTermsStream(partyId),
      feeTermsDecider,
      { type: 'SetFeeTerms', data: { partyId, terms, at: this.clock.now().toISOString() } },
      { metadata: { actor: principal.partnerId } },
    );
    return { partyId, ...(state ?? terms) };
  }
}
