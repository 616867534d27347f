import { Body, Controller, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { EventStore, handleCommand } from '@roaming/event-store';
import { CurrentPrincipal, type Principal, Roles } from '@roaming/platform';
import { Clock, RoundingMode } from '@roaming/shared-kernel';
import { IsIn, IsOptional } from 'class-validator';
import { PERIOD_TYPES, type PeriodType } from '../../../statement/domain/period';
import {
  type AgreementTerms,
  agreementTermsDecider,
  agreementTermsStream,
  DEFAULT_AGREEMENT_TERMS,
} from '../../domain/terms';

export class SetAgreementTermsRequestDto {
  @ApiPropertyOptional({ enum: PERIOD_TYPES, default: 'MONTHLY', description: 'Settlement period, boundaries in UTC' })
  @IsOptional()
  @IsIn(PERIOD_TYPES)
  period?: PeriodType;

  @ApiPropertyOptional({
    enum: Object.values(RoundingMode),
    default: 'HALF_UP',
    description: 'Rounding of every rated line at the currency minor unit',
  })
  @IsOptional()
  @IsIn(Object.values(RoundingMode))
  rounding?: RoundingMode;

  @ApiPropertyOptional({
    enum: ['line', 'total'],
    default: 'line',
    description: 'Round each rated line, or the totals only',
  })
  @IsOptional()
  @IsIn(['line', 'total'])
  roundingPer?: 'line' | 'total';
}

export class AgreementTermsResponseDto {
  @ApiProperty() agreementId!: string;
  @ApiProperty({ enum: PERIOD_TYPES }) period!: PeriodType;
  @ApiProperty({ enum: Object.values(RoundingMode) }) rounding!: RoundingMode;
  @ApiProperty({ enum: ['line', 'total'] }) roundingPer!: 'line' | 'total';
}

@ApiTags('settlement-admin')
@ApiBearerAuth('bearer')
@Controller('v1/admin/settlement/agreements')
export class SetAgreementTermsController {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
  ) {}

  @Put(':agreementId/terms')
  @Roles('operator')
  @ApiOperation({
    summary: 'Set an agreement’s settlement period and rounding rule (IEC 63119 6.4.3)',
    description:
      'Applies to records priced from now on; a record’s period is fixed when it is priced. Errors: ' +
      'SETTLEMENT_PERIOD_INVALID, ROUNDING_RULE_INVALID, REQUEST_INVALID.',
  })
  @ApiOkResponse({ type: AgreementTermsResponseDto })
  async set(
    @Param('agreementId') agreementId: string,
    @Body() body: SetAgreementTermsRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AgreementTermsResponseDto> {
    const terms: AgreementTerms = {
      period: body.period ?? DEFAULT_AGREEMENT_TERMS.period,
      rounding: body.rounding ?? DEFAULT_AGREEMENT_TERMS.rounding,
      roundingPer: body.roundingPer ?? DEFAULT_AGREEMENT_TERMS.roundingPer,
    };
    const { state } = await handleCommand(
      this.store,
      agreementTermsStream(agreementId),
      agreementTermsDecider,
      { type: 'SetAgreementTerms', data: { agreementId, terms, at: this.clock.now().toISOString() } },
      { metadata: { actor: principal.partnerId } },
    );
    return { agreementId, ...(state ?? terms) };
  }
}
