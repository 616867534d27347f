import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Database } from '@roaming/event-store';
import { Roles } from '@roaming/platform';
import { SETTLEMENT_SCHEMA } from '../../../settlement.schema';

export interface ParkedRecordView {
  recordId: string;
  cdrId: string;
  cpoPartyId: string;
  emspPartyId: string;
  reason: string;
  detail: string;
  parkedAt: string;
}

@ApiTags('settlement-admin')
@ApiBearerAuth('bearer')
@Controller('v1/admin/settlement/parked-records')
export class ListParkedRecordsController {
  constructor(private readonly db: Database) {}

  @Get()
  @Roles('operator')
  @ApiOperation({
    summary: 'Records settlement could not price without a guess, with their reason',
    description:
      'Reasons: TARIFF_MISSING, TARIFF_AMBIGUOUS, CURRENCY_MISMATCH, RECORD_INVALID, AGREEMENT_MISSING, ' +
      'CREDITED_RECORD_UNKNOWN. A parked record is priced again when a tariff version or agreement of its CPO arrives.',
  })
  @ApiOkResponse({ description: '{ items: ParkedRecordView[] }' })
  async list(): Promise<{ items: ParkedRecordView[] }> {
    const { rows } = await this.db.query<{
      record_id: string;
      cdr_id: string;
      cpo_party_id: string;
      emsp_party_id: string;
      reason: string;
      detail: string;
      parked_at: Date | string;
    }>(`SELECT * FROM ${SETTLEMENT_SCHEMA}.parked_records ORDER BY parked_at, record_id LIMIT 2000`);
    return {
      items: rows.map((r) => ({
        recordId: r.record_id,
        cdrId: r.cdr_id,
        cpoPartyId: r.cpo_party_id,
        emspPartyId: r.emsp_party_id,
        reason: r.reason,
        detail: r.detail,
        parkedAt: new Date(r.parked_at).toISOString(),
      })),
    };
  }
}
