import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Database } from '@roaming/event-store';
import { Roles } from '@roaming/platform';
import { IsISO8601, IsOptional, IsString, Matches } from 'class-validator';
import { SETTLEMENT_CONFIG, type SettlementConfig } from '../../../config/settlement-config';
import { SETTLEMENT_SCHEMA } from '../../../settlement.schema';
import type { CurrencyTotals, FeeLine } from '../../../statement/domain/statement-line';
import {
  type NettingObligation,
  type NettingResult,
  type NettingVerification,
  netObligations,
  statementObligations,
  verifyNetting,
} from '../../domain';

export class GetNettingRequestDto {
  @ApiPropertyOptional({ example: 'EUR', description: 'Only this currency; absent = every currency' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Z]{3}$/)
  currency?: string;

  @ApiPropertyOptional({
    example: '2026-03-01T00:00:00Z',
    description: 'Only statements whose period starts at or after',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  periodFrom?: string;

  @ApiPropertyOptional({ example: '2026-04-01T00:00:00Z', description: 'Only statements whose period starts before' })
  @IsOptional()
  @IsISO8601({ strict: true })
  periodTo?: string;
}

export interface NettingResponse {
  statements: string[];
  result: NettingResult;
  verification: NettingVerification;
}

@ApiTags('settlement-admin')
@ApiBearerAuth('bearer')
@Controller('v1/admin/settlement/netting')
export class GetNettingController {
  constructor(
    private readonly db: Database,
    @Inject(SETTLEMENT_CONFIG) private readonly config: SettlementConfig,
  ) {}

  @Get()
  @Roles('operator', 'auditor')
  @ApiOperation({
    summary: 'Multilateral netting of the closed statements per currency, with its proof (IEC 63119 6.4.3)',
    description:
      'Each partner’s net (receivable − payable) after offsetting; fees are owed to the hub party. The proof: nets sum ' +
      'to zero and each net equals the sum of its statements; `verification` is that proof checked again.',
  })
  @ApiOkResponse({ description: 'NettingResponse' })
  async get(@Query() query: GetNettingRequestDto): Promise<NettingResponse> {
    const { rows } = await this.db.query<{
      statement_id: string;
      cpo_party_id: string;
      emsp_party_id: string;
      totals: CurrencyTotals[];
      fees: FeeLine[];
    }>(
      `SELECT statement_id, cpo_party_id, emsp_party_id, totals, fees FROM ${SETTLEMENT_SCHEMA}.statements
       WHERE status = 'CLOSED' AND ($1::timestamptz IS NULL OR period_start >= $1) AND ($2::timestamptz IS NULL OR period_start < $2)
       ORDER BY statement_id`,
      [query.periodFrom ?? null, query.periodTo ?? null],
    );
    const obligations: NettingObligation[] = rows
      .flatMap((r) =>
        statementObligations(
          {
            statementId: r.statement_id,
            cpoPartyId: r.cpo_party_id,
            emspPartyId: r.emsp_party_id,
            totals: r.totals ?? [],
            fees: r.fees ?? [],
          },
          this.config.hubPartyId,
        ),
      )
      .filter((o) => !query.currency || o.currency === query.currency);
    const result = netObligations({ hubPartyId: this.config.hubPartyId, obligations });
    return { statements: rows.map((r) => r.statement_id), result, verification: verifyNetting(result, obligations) };
  }
}
